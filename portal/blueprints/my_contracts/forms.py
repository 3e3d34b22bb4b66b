"""Forms of the payment plan and of the supervisor's decisions (Spanish messages)."""

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from portal import clock
from portal.forms import MoneyField, SpanishForm, more_than_zero, required


class SolicitudPagoForm(SpanishForm):
    numero_factura = StringField(
        "Número de factura",
        validators=[DataRequired("Escriba el número de la factura."), Length(max=60)],
    )
    fecha_emision = DateField(
        "Fecha de emisión",
        format=["%Y-%m-%d", "%d/%m/%Y"],
        validators=[DataRequired("Escriba la fecha de emisión (dd/mm/aaaa o use el calendario).")],
    )
    valor = MoneyField(
        "Valor total de la factura (COP)",
        validators=[InputRequired("Escriba el valor de la factura."), more_than_zero()],
    )

    def validate_fecha_emision(self, field) -> None:
        if field.data and field.data > clock.today():
            raise ValidationError("La fecha de emisión no puede ser posterior a hoy.")


class DecisionForm(SpanishForm):
    """Aprobar, or Rechazar with the observation the other side will read."""

    decision = RadioField(
        "Decisión",
        choices={"aprobar": "Aprobar", "rechazar": "Rechazar"},
        validators=[DataRequired("Elija si aprueba o rechaza.")],
    )
    observacion = TextAreaField("Observación", validators=[Length(max=2000)])

    @property
    def aprueba(self) -> bool:
        return self.decision.data == "aprobar"


class RechazoForm(SpanishForm):
    motivo = TextAreaField(
        "Motivo del rechazo",
        validators=[
            required(),
            Length(min=10, max=3000, message="Escriba entre 10 y 3.000 caracteres."),
        ],
    )
