"""PAA forms: a year, an item (checked by ``values.parse_item``), an import, a publication."""

from flask_wtf.file import FileField
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, NumberRange, Optional

from portal.forms import SpanishForm, required
from portal.models.paa import MESES

MES_CHOICES = {str(n): name for n, name in enumerate(MESES, start=1)}
MODALIDADES = [
    "Contratación directa.",
    "Contratación directa (con ofertas)",
    "Contratación régimen especial",
    "Contratación régimen especial (con ofertas)",
    "Mínima cuantía",
    "Selección abreviada menor cuantía",
    "Selección abreviada subasta inversa",
    "Seléccion abreviada - acuerdo marco",
    "Licitación pública",
    "Licitación pública (Obra pública)",
    "Concurso de méritos abierto",
]
FUENTES = [
    "Presupuesto de entidad nacional",
    "Recursos propios",
    "Regalías",
    "Recursos de crédito",
    "SGP",
    "No Aplica",
]


class VigenciaForm(SpanishForm):
    vigencia = IntegerField(
        "Vigencia (año)",
        validators=[
            required("Escriba el año del plan."),
            NumberRange(min=2000, max=2100, message="Escriba un año entre 2000 y 2100."),
        ],
    )


class ItemForm(SpanishForm):
    """Text fields on purpose: the same parser as the import explains what is wrong."""

    codigos_unspsc = StringField("Códigos UNSPSC (separados por ;)", validators=[required()])
    descripcion = TextAreaField("Descripción", validators=[required()])
    mes_inicio = SelectField("Fecha estimada de inicio del proceso (mes)", choices=MES_CHOICES)
    mes_ofertas = SelectField(
        "Fecha estimada de presentación de ofertas (mes)", choices={"": "Sin definir"} | MES_CHOICES
    )
    duracion = StringField("Duración del contrato (número)")
    duracion_unidad = SelectField(
        "Duración (unidad)",
        choices={"": "Sin definir", "Días": "Días", "Meses": "Meses", "Años": "Años"},
    )
    modalidad = SelectField("Modalidad de selección", choices={m: m for m in MODALIDADES})
    fuente_recursos = SelectField("Fuente de los recursos", choices={f: f for f in FUENTES})
    valor_total = StringField("Valor total estimado (pesos)", validators=[required()])
    valor_vigencia = StringField("Valor estimado en la vigencia actual (pesos)")
    requiere_vigencias_futuras = SelectField(
        "¿Se requieren vigencias futuras?", choices=["No", "Sí"]
    )
    estado_vigencias_futuras = SelectField(
        "Estado de solicitud de vigencias futuras",
        choices={
            "": "No aplica",
            "No solicitadas": "No solicitadas",
            "Solicitadas": "Solicitadas",
            "Aprobadas": "Aprobadas",
        },
    )
    unidad_contratacion = StringField("Unidad de contratación", validators=[Length(max=200)])
    ubicacion = StringField("Ubicación", validators=[Length(max=200)])


class ImportarForm(SpanishForm):
    archivo = FileField("Archivo del PAA exportado de SECOP II: Excel (.xlsx) o CSV")


class PublicarForm(SpanishForm):
    nota = TextAreaField(
        "Nota de la versión (qué cambió)", validators=[Optional(), Length(max=500)]
    )
