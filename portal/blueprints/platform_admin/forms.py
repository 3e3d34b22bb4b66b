"""The platform administrator's decision on an entity account."""

from wtforms import TextAreaField
from wtforms.validators import Length

from portal.forms import SpanishForm, required


class ActivarForm(SpanishForm):
    """Only the CSRF token: activating needs no more."""


def motivo_field(label: str, why: str) -> TextAreaField:
    """The reason for a refusal, sent to the person refused: required, 10 to 500 characters."""
    return TextAreaField(
        label,
        validators=[
            required(f"Escriba el motivo: {why}"),
            Length(min=10, max=500, message="Escriba el motivo en 10 a 500 caracteres."),
        ],
    )


class RechazarCuentaForm(SpanishForm):
    motivo = motivo_field(
        "Motivo del rechazo (se envía al usuario que registró la cuenta)",
        "el usuario necesita saber qué corregir.",
    )


class RechazarSolicitudForm(SpanishForm):
    motivo = motivo_field(
        "Motivo del rechazo (se envía a quien lo solicitó)",
        "quien lo solicitó necesita saber qué hacer.",
    )
