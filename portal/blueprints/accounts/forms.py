"""Forms to register accounts, ask for access and administer members."""

from flask_wtf.file import FileField
from wtforms import EmailField, RadioField, SelectField, StringField, TelField, TextAreaField
from wtforms.validators import Email, Length, Optional, Regexp, ValidationError

from portal.accounts import names
from portal.forms import SpanishForm, required
from portal.models.registration import DOCUMENTOS_REGISTRO
from portal.models.vocab import TIPOS_DOCUMENTO, TIPOS_PERSONA

ORDENES = ["Nacional", "Territorial"]
RAMAS = [
    "Ejecutivo",
    "Legislativo",
    "Judicial",
    "Organismos de control",
    "Organización electoral",
    "Órganos autónomos e independientes",
    "Corporación Autónoma",
    "No aplica",
]
SECTORES = [
    "Agricultura y Desarrollo Rural",
    "Ambiente y Desarrollo Sostenible",
    "Ciencia, Tecnología e Innovación",
    "Comercio, Industria y Turismo",
    "Cultura",
    "Defensa Nacional",
    "Deporte",
    "Educación Nacional",
    "Función Pública",
    "Hacienda y Crédito Público",
    "Inclusión Social y Reconciliación",
    "Información Estadística",
    "Inteligencia Estratégica y Contrainteligencia",
    "Interior",
    "Justicia y del Derecho",
    "Minas y Energía",
    "Planeación",
    "Presidencia de la República",
    "Relaciones Exteriores",
    "Salud y Protección Social",
    "Servicio Público",
    "Tecnologías de la Información y las Comunicaciones",
    "Trabajo",
    "Transporte",
    "Vivienda, Ciudad y Territorio",
    "No aplica",
]
TIPOS_ENTIDAD = [
    "Alcaldía",
    "Gobernación",
    "Concejo",
    "Asamblea departamental",
    "Personería",
    "Contraloría",
    "Ministerio",
    "Departamento administrativo",
    "Superintendencia",
    "Unidad administrativa especial",
    "Agencia",
    "Establecimiento público",
    "Empresa Social del Estado",
    "Empresa de servicios públicos",
    "Empresa industrial y comercial del Estado",
    "Sociedad de economía mixta",
    "Corporación autónoma regional",
    "Universidad o institución educativa pública",
    "Área metropolitana o asociación de municipios",
    "Particular que ejecuta recursos públicos",
    "Otra",
]
PHONE = Regexp(
    r"^\+?[\d\s()-]{7,20}$", message="Escriba un teléfono de 7 a 20 dígitos, sin extensiones."
)


def email_field(label: str) -> EmailField:
    return EmailField(
        label,
        validators=[
            required(),
            Length(max=254),
            Email(message="Escriba un correo válido, por ejemplo contratacion@entidad.gov.co."),
        ],
    )


class LocationMixin:
    departamento = StringField("Departamento", validators=[required(), Length(max=100)])
    ciudad = StringField("Municipio", validators=[required(), Length(max=100)])
    direccion = StringField("Dirección", validators=[required(), Length(max=300)])
    telefono = TelField("Teléfono (sin extensiones)", validators=[required(), PHONE])


class EntidadForm(LocationMixin, SpanishForm):
    nombre = StringField("Nombre de la Entidad Estatal", validators=[required(), Length(max=400)])
    nit = StringField("NIT (sin dígito de verificación)", validators=[required()])
    orden = SelectField("Orden", choices=ORDENES)
    rama = SelectField("Rama", choices=RAMAS)
    sector = SelectField("Sector", choices=SECTORES)
    tipo_entidad = SelectField("Tipo de entidad", choices=TIPOS_ENTIDAD)
    correo = email_field("Correo electrónico para notificaciones")
    # One field per DOCUMENTOS_REGISTRO key; which are required is checked with the files.
    acto_creacion = FileField(DOCUMENTOS_REGISTRO["acto_creacion"][0])
    acta_posesion = FileField(DOCUMENTOS_REGISTRO["acta_posesion"][0])
    autorizacion_administrador = FileField(DOCUMENTOS_REGISTRO["autorizacion_administrador"][0])
    rut = FileField(DOCUMENTOS_REGISTRO["rut"][0])
    certificado_existencia = FileField(DOCUMENTOS_REGISTRO["certificado_existencia"][0])

    def validate_nombre(self, field) -> None:
        field.data = _normalised(names.entity_name, field.data)

    def validate_nit(self, field) -> None:
        field.data = _normalised(names.nit, field.data)

    def document_fields(self) -> list:
        return [self[key] for key in DOCUMENTOS_REGISTRO]


class ProveedorForm(LocationMixin, SpanishForm):
    tipo_persona = RadioField("Tipo de proveedor", choices=TIPOS_PERSONA, default="juridica")
    nombre = StringField(
        "Nombre o razón social (como en su documento)",
        validators=[required(), Length(min=3, max=400)],
    )
    tipo_documento = SelectField("Tipo de documento", choices=TIPOS_DOCUMENTO, default="NIT")
    numero_documento = StringField("Número de documento", validators=[required()])
    correo = email_field("Correo electrónico para notificaciones")

    def validate_tipo_documento(self, field) -> None:
        if self.tipo_persona.data in ("juridica", "plural") and field.data != "NIT":
            raise ValidationError(
                "Las personas jurídicas y los proponentes plurales se registran con su NIT."
            )

    def validate_numero_documento(self, field) -> None:
        field.data = _normalised(
            lambda raw: names.document_number(self.tipo_documento.data, raw), field.data
        )


def _normalised(normalise, value: str) -> str:
    try:
        return normalise(value)
    except names.InvalidValue as error:
        raise ValidationError(str(error)) from error


class AceptarForm(SpanishForm):
    rol = SelectField("Rol", validators=[required("Elija el rol del usuario.")])


class RechazarForm(SpanishForm):
    motivo = TextAreaField("Motivo (se envía al usuario)", validators=[Optional(), Length(max=500)])


class RolForm(SpanishForm):
    rol = SelectField("Nuevo rol", validators=[required("Elija el nuevo rol.")])
