"""Account forms (Flask-WTF); password rules come from ``passwords``, uniqueness from the view."""

from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TelField,
)
from wtforms.validators import (
    Email,
    EqualTo,
    Length,
    Optional,
    Regexp,
    ValidationError,
)

from portal.forms import SpanishForm, required
from portal.models.vocab import TIPOS_DOCUMENTO
from portal.users.passwords import password_problems
from portal.users.zones import DEFAULT_ZONE, ZONAS_HORARIAS

TIPOS_DOCUMENTO_PERSONA = {key: label for key, label in TIPOS_DOCUMENTO.items() if key != "NIT"}
PREGUNTAS_SEGURIDAD = {
    q: q
    for q in (
        "¿Cuál es el nombre de su primera mascota?",
        "¿En qué ciudad nacieron sus padres?",
        "¿Cuál es el nombre de su colegio de primaria?",
        "¿Cuál es el segundo nombre de su abuela materna?",
        "¿Cuál fue su primer trabajo?",
        "¿Cuál es su comida favorita de la infancia?",
    )
}
CODE_PATTERN = Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message="Escriba los 6 dígitos del código.")


def email_validators() -> list:
    return [
        required(),
        Length(max=254),
        Email(message="Escriba un correo válido, por ejemplo nombre@dominio.gov.co."),
    ]


class NewPasswordMixin:
    """A new password twice, checked against the SECOP II rules."""

    contrasena = PasswordField("Contraseña", validators=[required()])
    confirmar = PasswordField(
        "Confirme la contraseña",
        validators=[required(), EqualTo("contrasena", message="Las contraseñas no coinciden.")],
    )

    def __init__(self, *args, personal: dict | None = None, **kwargs):
        # usuario and correo the new password must not contain (known outside registration).
        self._personal = personal or {}
        super().__init__(*args, **kwargs)

    def personal_values(self) -> dict:
        return self._personal

    def validate_contrasena(self, field) -> None:
        problems = password_problems(field.data or "", **self.personal_values())
        if problems:
            raise ValidationError(" ".join(problems))


class PersonalDataMixin:
    nombres = StringField(
        "Nombres y apellidos (como en su documento de identidad)",
        validators=[required(), Length(min=3, max=200)],
    )
    tipo_documento = SelectField("Tipo de documento", choices=TIPOS_DOCUMENTO_PERSONA)
    numero_documento = StringField(
        "Número de documento",
        validators=[
            required(),
            Regexp(r"^[A-Za-z0-9-]{3,30}$", message="Use solo letras, números o guion (3 a 30)."),
        ],
    )
    telefono = TelField(
        "Teléfono",
        validators=[
            required(),
            Regexp(r"^\+?[\d\s()-]{7,20}$", message="Escriba un teléfono de 7 a 20 dígitos."),
        ],
    )
    zona_horaria = SelectField("Zona horaria", choices=dict(ZONAS_HORARIAS), default=DEFAULT_ZONE)
    pregunta_seguridad = SelectField("Pregunta de seguridad", choices=PREGUNTAS_SEGURIDAD)


class RegistroForm(PersonalDataMixin, NewPasswordMixin, SpanishForm):
    email = EmailField("Correo electrónico", validators=email_validators())
    usuario = StringField(
        "Usuario",
        validators=[
            required(),
            Regexp(
                r"^[A-Za-z0-9._-]{4,60}$",
                message="Use de 4 a 60 letras sin tilde, números, punto, guion o guion bajo.",
            ),
        ],
    )
    respuesta_seguridad = PasswordField(
        "Respuesta de seguridad", validators=[required(), Length(min=2, max=200)]
    )
    acepta_terminos = BooleanField(
        "Acepto los términos de uso",
        validators=[required("Debe aceptar los términos de uso para registrarse.")],
    )

    def personal_values(self) -> dict:
        return {"usuario": self.usuario.data or "", "email": self.email.data or ""}


class CodigoForm(SpanishForm):
    codigo = StringField("Código de verificación", validators=[required(), CODE_PATTERN])


class IngresoForm(SpanishForm):
    usuario = StringField("Usuario o correo electrónico", validators=[required(), Length(max=254)])
    contrasena = PasswordField("Contraseña", validators=[required(), Length(max=200)])
    next = HiddenField()


class ElegirCuentaForm(SpanishForm):
    membresia = RadioField("Cuenta", coerce=int, validators=[required("Elija una de sus cuentas.")])
    next = HiddenField()


class RecuperarForm(SpanishForm):
    usuario = StringField("Usuario o correo electrónico", validators=[required(), Length(max=254)])


class RestablecerForm(NewPasswordMixin, SpanishForm):
    pass


class DatosForm(PersonalDataMixin, SpanishForm):
    respuesta_seguridad = PasswordField(
        "Nueva respuesta de seguridad (déjela en blanco para conservar la actual)",
        validators=[Optional(), Length(min=2, max=200)],
    )


class CambioContrasenaForm(NewPasswordMixin, SpanishForm):
    actual = PasswordField("Contraseña actual", validators=[required()])
    contrasena = PasswordField("Contraseña nueva", validators=[required()])


class CambioCorreoForm(SpanishForm):
    email = EmailField("Nuevo correo electrónico", validators=email_validators())
    actual = PasswordField("Contraseña actual", validators=[required()])
