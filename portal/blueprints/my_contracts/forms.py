"""Forms of the payment plan and of the supervisor's decisions (Spanish messages)."""

import re
from datetime import datetime

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.formatting import BOGOTA
from portal.forms import SpanishForm, required

MAX_VALOR = 10**15  # far above any contract; keeps typos from overflowing BIGINT


def parse_pesos(text: str) -> int:
    """Read "$ 1.500.000" or "1500000" as whole pesos; cents and other text are refused."""
    bare = re.sub(r"[\s$]", "", text or "").removesuffix("COP")
    if "," in bare:
        raise ValueError("Escriba el valor en pesos enteros, sin centavos (por ejemplo 1.500.000).")
    digits = bare.replace(".", "")
    if not (digits.isascii() and digits.isdigit()) or (
        ("." in bare) and not re.fullmatch(r"\d{1,3}(\.\d{3})+", bare)
    ):
        raise ValueError("Escriba el valor con números, por ejemplo 1.500.000.")
    value = int(digits)
    if not 0 < value < MAX_VALOR:
        raise ValueError("El valor debe ser mayor que cero.")
    return value


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
    valor = StringField(
        "Valor total de la factura (COP)",
        validators=[DataRequired("Escriba el valor de la factura.")],
    )

    def validate_fecha_emision(self, field) -> None:
        if field.data and field.data > datetime.now(BOGOTA).date():
            raise ValidationError("La fecha de emisión no puede ser posterior a hoy.")

    def validate_valor(self, field) -> None:
        try:
            self.pesos = parse_pesos(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from error


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
