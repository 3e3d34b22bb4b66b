"""Forms of the entity's contract management; rules that need the database live in services."""

from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from portal.forms import MoneyField, SpanishForm, more_than_zero, required
from portal.models.contract_changes import (
    ESTADOS_INCUMPLIMIENTO,
    TIPOS_INCUMPLIMIENTO,
    TIPOS_MODIFICACION,
)

DATE_MESSAGE = "Escriba una fecha válida (dd/mm/aaaa o aaaa-mm-dd)."
MONEY_MESSAGE = "Escriba un valor en pesos, por ejemplo «$ 25.000.000» o «25000000»."


class ModificacionForm(SpanishForm):
    tipo = SelectField("Tipo de modificación", choices=TIPOS_MODIFICACION)
    descripcion = TextAreaField(
        "Descripción y justificación",
        validators=[
            required(),
            Length(min=10, max=5000, message="Escriba entre 10 y 5.000 caracteres."),
        ],
    )
    valor_adicion = MoneyField(
        "Valor de la adición (pesos)",
        validators=[Optional(), more_than_zero()],
        unreadable=MONEY_MESSAGE,
    )
    nueva_fecha_fin = DateField(
        "Nueva fecha de finalización",
        validators=[Optional()],
        format=["%Y-%m-%d", "%d/%m/%Y"],
    )
    cesionario = StringField(
        "Número de documento (NIT) del cesionario",
        validators=[Optional(), Length(max=30)],
    )

    def validate_valor_adicion(self, field):
        if self.tipo.data == "adicion" and not field.data:
            raise ValidationError("Indique el valor de la adición.")

    def validate_nueva_fecha_fin(self, field):
        if self.tipo.data == "prorroga" and not field.data:
            raise ValidationError("Indique la nueva fecha de finalización.")

    def validate_cesionario(self, field):
        if self.tipo.data == "cesion" and not (field.data or "").strip():
            raise ValidationError("Indique el número de documento del cesionario.")


class IncumplimientoForm(SpanishForm):
    tipo = SelectField("Tipo", choices=TIPOS_INCUMPLIMIENTO)
    descripcion = TextAreaField(
        "Descripción del incumplimiento",
        validators=[
            required(),
            Length(min=10, max=5000, message="Escriba entre 10 y 5.000 caracteres."),
        ],
    )
    fecha = DateField("Fecha", validators=[required(DATE_MESSAGE)], format=["%Y-%m-%d", "%d/%m/%Y"])
    acto_administrativo = StringField(
        "Acto administrativo (número y fecha de la resolución)",
        validators=[required(), Length(max=300)],
    )
    valor_sancion = MoneyField(
        "Valor de la multa o sanción (pesos)",
        validators=[Optional(), more_than_zero()],
        unreadable=MONEY_MESSAGE,
    )
    estado = SelectField("Estado", choices=ESTADOS_INCUMPLIMIENTO)


class EstadoIncumplimientoForm(SpanishForm):
    estado = SelectField("Nuevo estado", choices=ESTADOS_INCUMPLIMIENTO)
    nota = TextAreaField(
        "Motivo o acto que lo soporta",
        validators=[
            required(),
            Length(min=5, max=2000, message="Escriba entre 5 y 2.000 caracteres."),
        ],
    )


class RequiereLiquidacionForm(SpanishForm):
    requiere_liquidacion = BooleanField("El contrato requiere liquidación")
    motivo = TextAreaField(
        "Fundamento",
        validators=[
            required(),
            Length(min=10, max=2000, message="Escriba entre 10 y 2.000 caracteres."),
        ],
    )
