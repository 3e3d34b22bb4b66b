"""Form fields for money, dates and UNSPSC codes as Colombian buyers type them."""

import re
from datetime import datetime, time

from sqlalchemy import func, select
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import ValidationError

from portal.extensions import db
from portal.formatting import BOGOTA, miles
from portal.models import Unspsc

_SOBRANTE = re.compile(r"[\s\u00a0$]|COP", re.IGNORECASE)
_ENTERO = re.compile(r"^\d+$")
_MILES_PUNTO = re.compile(r"^\d{1,3}(\.\d{3})+$")
_MILES_COMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_CODIGO = re.compile(r"^\d{8}$")
MAXIMO_PESOS = 10**15  # more than any public budget; keeps BigInteger and typos in check
MONEY_MESSAGE = "Escriba el valor en pesos, por ejemplo «$ 180.000.000» o «180000000»."


def parse_pesos(text: str) -> int:
    """'$ 180.000.000', '180000000' or '180.000.000,00' -> 180000000; ValueError otherwise."""
    compact = _SOBRANTE.sub("", text or "")
    entero, decimales = compact, ""
    if not _MILES_COMA.match(compact):
        entero, _, decimales = compact.partition(",")
    if decimales and (not decimales.isdecimal() or int(decimales) != 0):
        raise ValueError("Escriba el valor en pesos enteros, sin centavos.")
    if _MILES_PUNTO.match(entero) or _MILES_COMA.match(entero):
        entero = entero.replace(".", "").replace(",", "")
    if not _ENTERO.match(entero):
        raise ValueError(MONEY_MESSAGE)
    value = int(entero)
    if value >= MAXIMO_PESOS:
        raise ValueError("El valor es demasiado grande: revise los ceros.")
    return value


class PesosField(StringField):
    """Whole pesos typed freely ("$ 180.000.000"); the data is an int or None."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None
        if self.raw:
            self.data = parse_pesos(self.raw)  # a ValueError becomes the field's error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return f"$ {miles(self.data)}" if self.data is not None else ""


def parse_codigos(text: str) -> list[str]:
    """Codes separated by commas, spaces or lines; each must have eight digits."""
    codigos = [c for c in re.split(r"[\s,;]+", text or "") if c]
    malos = [c for c in codigos if not _CODIGO.match(c)]
    if malos:
        raise ValueError(
            f"Los códigos UNSPSC tienen 8 dígitos (por ejemplo 72141100); revise: {', '.join(malos[:5])}."
        )
    return list(dict.fromkeys(codigos))


def codigos_desconocidos(codigos: list[str]) -> list[str]:
    """Codes absent from the classifier; nothing is unknown while the classifier is not loaded."""
    if not codigos or not db.session.scalar(select(func.count()).select_from(Unspsc)):
        return []
    known = set(db.session.scalars(select(Unspsc.codigo).where(Unspsc.codigo.in_(codigos))))
    return [c for c in codigos if c not in known]


def nombres_unspsc(codigos: list[str]) -> dict[str, str]:
    if not codigos:
        return {}
    rows = db.session.execute(
        select(Unspsc.codigo, Unspsc.nombre).where(Unspsc.codigo.in_(codigos))
    )
    return dict(rows.all())


class UnspscListField(TextAreaField):
    """Several UNSPSC codes; the data is a list of eight-digit strings."""

    def process_formdata(self, valuelist):
        self.data = parse_codigos(valuelist[0] if valuelist else "")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(self.data or [])


def strip_or_none(value):
    return (value or "").strip() or None


def codigo_unspsc(form, field: Field) -> None:
    """Validator: one code of eight digits."""
    if field.data and not _CODIGO.match(field.data):
        raise ValidationError("El código UNSPSC tiene 8 dígitos, por ejemplo 72141100.")


def check_unspsc(form, field: Field) -> None:
    """Validator: every code of the field exists in the classifier (when it is loaded)."""
    codigos = field.data if isinstance(field.data, list) else [field.data] if field.data else []
    faltan = codigos_desconocidos(codigos)
    if faltan:
        raise ValidationError(
            f"Este código no está en el Clasificador de Bienes y Servicios: {', '.join(faltan)}."
        )


def inicio_del_dia(value) -> datetime | None:
    """A calendar date as the instant it starts in Bogotá (how SECOP II dates read)."""
    return datetime.combine(value, time(0, 0), BOGOTA) if value else None


def en_bogota(value: datetime | None) -> datetime | None:
    """A wall-clock datetime typed in a form, read as Bogotá time."""
    return value.replace(tzinfo=BOGOTA) if value else None
