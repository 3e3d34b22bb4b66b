"""Forms of the entity workspace: the process, a state change with its reason, award, contract."""

from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, ValidationError

from portal.forms import (
    MoneyField,
    SpanishForm,
    UnspscListField,
    more_than_zero,
    required,
    strip_or_none,
    unspsc_code,
)
from portal.processes.unspsc import unknown_codes

# The values SECOP II publishes (see ../shared/data/secop-raw/SOURCES.md, "Observed real values").
MODALIDADES = (
    "Contratación directa", "Contratación Directa (con ofertas)", "Contratación régimen especial",
    "Contratación régimen especial (con ofertas)", "Mínima cuantía",
    "Selección Abreviada de Menor Cuantía", "Seleccion Abreviada Menor Cuantia Sin Manifestacion Interes",
    "Selección abreviada subasta inversa", "Licitación pública", "Licitación pública Obra Publica",
    "Concurso de méritos abierto", "Licitación Pública Acuerdo Marco de Precios",
    "Enajenación de bienes con sobre cerrado", "Enajenación de bienes con subasta",
)  # fmt: skip
TIPOS_CONTRATO = (
    "Obra", "Prestación de servicios", "Compraventa", "Suministros", "Consultoría", "Interventoría",
    "Arrendamiento de inmuebles", "Arrendamiento de muebles", "Seguros", "Servicios financieros",
    "Concesión", "Comodato", "Decreto 092 de 2017", "Otro",
)  # fmt: skip
UNIDADES_DURACION = ("día(s)", "Semana(s)", "Mes(es)", "Año(s)", "Hora(s)")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
DATE_MESSAGE = "Escriba una fecha válida, por ejemplo 15/04/2026."


def presente(message: str) -> InputRequired:
    """Required, but keeps the field's own parse error ("sin centavos"...) when there is one."""
    return InputRequired(message=message)


def _choices(values) -> dict[str, str]:
    return {"": "Seleccione…"} | {v: v for v in values}


def known_unspsc(form, field) -> None:
    """Validator: every code of the field exists in the classifier (when it is loaded)."""
    codes = field.data if isinstance(field.data, list) else [field.data] if field.data else []
    missing = unknown_codes(codes)
    if missing:
        raise ValidationError(
            f"Este código no está en el Clasificador de Bienes y Servicios: {', '.join(missing)}."
        )


class ProcesoForm(SpanishForm):
    referencia = StringField(
        "Número del proceso (referencia)", validators=[required(), Length(max=200)]
    )
    nombre = StringField("Nombre u objeto del proceso", validators=[required(), Length(max=2000)])
    descripcion = TextAreaField("Descripción", validators=[Optional(), Length(max=20000)])
    modalidad = SelectField(
        "Modalidad de contratación", choices=_choices(MODALIDADES), validators=[required()]
    )
    tipo_contrato = SelectField(
        "Tipo de contrato", choices=_choices(TIPOS_CONTRATO), validators=[required()]
    )
    precio_base = MoneyField(
        "Precio base (presupuesto oficial)",
        validators=[
            presente("Escriba el precio base en pesos."),
            more_than_zero("El precio base debe ser mayor que cero."),
        ],
    )
    fecha_recepcion_ofertas = DateTimeLocalField(
        "Fecha y hora límite de recepción de ofertas",
        format=DATETIME_FORMATS,
        validators=[Optional()],
    )
    fecha_adjudicacion = DateField(
        "Fecha prevista de adjudicación", format=DATE_FORMATS, validators=[Optional()]
    )
    duracion = IntegerField(
        "Duración del contrato",
        validators=[
            Optional(),
            NumberRange(
                min=1, max=9999, message="La duración debe ser un número entero mayor que cero."
            ),
        ],
    )
    unidad_duracion = SelectField(
        "Unidad de la duración", choices=_choices(UNIDADES_DURACION), validators=[Optional()]
    )
    departamento = StringField(
        "Departamento de ejecución", validators=[Optional(), Length(max=100)]
    )
    ciudad = StringField(
        "Ciudad o municipio de ejecución", validators=[Optional(), Length(max=100)]
    )
    unspsc_principal = StringField(
        "Código UNSPSC principal",
        filters=[strip_or_none],
        validators=[Optional(), unspsc_code, known_unspsc],
    )
    unspsc_adicionales = UnspscListField("Códigos UNSPSC adicionales", validators=[known_unspsc])

    def validate_unidad_duracion(self, field):
        if self.duracion.data and not field.data:
            raise ValidationError("Elija la unidad de la duración (días, meses…).")

    def validate_fecha_adjudicacion(self, field):
        ofertas = self.fecha_recepcion_ofertas.data
        if field.data and ofertas and field.data < ofertas.date():
            raise ValidationError(
                "La adjudicación no puede ser antes de la fecha límite de recepción de ofertas."
            )


class MotivoForm(SpanishForm):
    accion = HiddenField(validators=[required("Falta la acción.")])
    motivo = TextAreaField("Motivo", validators=[Optional(), Length(max=4000)])


class AdjudicarForm(SpanishForm):
    proveedor_id = HiddenField(validators=[required("Elija el proveedor adjudicatario.")])
    valor = MoneyField(
        "Valor adjudicado",
        validators=[
            presente("Escriba el valor adjudicado en pesos."),
            more_than_zero("El valor adjudicado debe ser mayor que cero."),
        ],
    )


class ContratoForm(SpanishForm):
    referencia = StringField("Número del contrato", validators=[required(), Length(max=200)])
    valor = MoneyField(
        "Valor del contrato", validators=[presente("Escriba el valor del contrato en pesos.")]
    )
    fecha_firma = DateField(
        "Fecha de firma", format=DATE_FORMATS, validators=[presente(DATE_MESSAGE)]
    )
    fecha_inicio = DateField(
        "Fecha de inicio", format=DATE_FORMATS, validators=[presente(DATE_MESSAGE)]
    )
    fecha_fin = DateField(
        "Fecha de terminación", format=DATE_FORMATS, validators=[presente(DATE_MESSAGE)]
    )
    supervisor_id = SelectField(
        "Supervisor", choices={}, validators=[required("Elija el supervisor.")]
    )

    def validate_fecha_inicio(self, field):
        if field.data and self.fecha_firma.data and field.data < self.fecha_firma.data:
            raise ValidationError("El contrato no puede iniciar antes de firmarse.")

    def validate_fecha_fin(self, field):
        if field.data and self.fecha_inicio.data and field.data <= self.fecha_inicio.data:
            raise ValidationError("La fecha de terminación debe ser posterior a la de inicio.")
