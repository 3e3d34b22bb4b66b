"""The platform administrator's decision on an entity account."""

from wtforms import TextAreaField
from wtforms.validators import Length

from portal.blueprints.cuenta.forms import SpanishForm, required


class ActivarForm(SpanishForm):
    """Only the CSRF token: activating needs no more."""


class RechazarCuentaForm(SpanishForm):
    motivo = TextAreaField(
        "Motivo del rechazo (se envía al usuario que registró la cuenta)",
        validators=[
            required("Escriba el motivo: el usuario necesita saber qué corregir."),
            Length(min=10, max=500, message="Escriba el motivo en 10 a 500 caracteres."),
        ],
    )


class RechazarSolicitudForm(SpanishForm):
    motivo = TextAreaField(
        "Motivo del rechazo (se envía a quien lo solicitó)",
        validators=[
            required("Escriba el motivo: quien lo solicitó necesita saber qué hacer."),
            Length(min=10, max=500, message="Escriba el motivo en 10 a 500 caracteres."),
        ],
    )
