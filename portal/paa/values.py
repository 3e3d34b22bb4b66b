"""One rule for a PAA item, whether it comes from the SECOP II export or from the form.

``parse_item`` takes the cells as text and returns the model values and, per field, the
Spanish explanation of what is wrong, so the importer and the form say the same thing.
"""

import re
from decimal import Decimal, InvalidOperation

from portal.models.paa import MESES
from portal.models.types import to_pesos
from portal.models.vocab import fold
from portal.money import MoneyError, TooMuchMoney, read_amount

UNIDADES_DURACION = {"dias": "Días", "meses": "Meses", "anos": "Años"}
SI_NO = {"si": True, "no": False}
MAX_LENGTHS = {
    "modalidad": 200,
    "fuente_recursos": 200,
    "estado_vigencias_futuras": 60,
    "unidad_contratacion": 200,
    "ubicacion": 200,
    "ley_2046": 10,
    "suministro_distinto_alimentos": 10,
}
TEXT_FIELDS = tuple(MAX_LENGTHS)
_MONTHS = {fold(name): n for n, name in enumerate(MESES, start=1)}


class Invalid(ValueError):
    """A cell that cannot be read; the message says what to write."""


def parse_item(cells: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """Return (values for ItemPlan, {field: problem}); values are complete only without problems."""
    values, problems = {}, {}
    for field, parser in PARSERS.items():
        try:
            values[field] = parser(_text(cells.get(field)))
        except Invalid as error:
            problems[field] = str(error)
    for field in TEXT_FIELDS:
        text = _text(cells.get(field))
        if len(text) > MAX_LENGTHS[field]:
            problems[field] = f"Es demasiado largo: máximo {MAX_LENGTHS[field]} caracteres."
        values[field] = text
    if "valor_vigencia" in values and values["valor_vigencia"] is None:
        values["valor_vigencia"] = values.get("valor_total")
    if not problems:
        values["texto_busqueda"] = search_text(values["descripcion"], values["codigos_unspsc"])
    return values, problems


def search_text(descripcion: str, codigos: str) -> str:
    return f"{fold(descripcion)} {codigos.replace(';', ' ')}"


def codes(text: str) -> str:
    """UNSPSC codes separated by ";" (also "," or spaces), 8 digits each, "V1." forgiven."""
    parts = [p.strip().removeprefix("V1.") for p in re.split(r"[;,\s]+", text) if p.strip()]
    if not parts:
        raise Invalid("Escriba al menos un código UNSPSC de 8 dígitos, por ejemplo 80111600.")
    wrong = [p for p in parts if not (p.isascii() and p.isdigit() and len(p) == 8)]
    if wrong:
        raise Invalid(f"El código UNSPSC «{wrong[0]}» no tiene 8 dígitos (por ejemplo 80111600).")
    return ";".join(dict.fromkeys(parts))


def description(text: str) -> str:
    if len(text) < 5:
        raise Invalid("Describa la adquisición (al menos 5 caracteres).")
    return text


def month(text: str) -> int:
    key = fold(text)
    if key.isdecimal() and 1 <= int(key) <= 12:
        return int(key)
    if key in _MONTHS:
        return _MONTHS[key]
    raise Invalid(f"«{text}» no es un mes: escriba Enero a Diciembre (o 1 a 12).")


def optional_month(text: str) -> int | None:
    return month(text) if text else None


def duration(text: str) -> int | None:
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = Decimal(-1)
    if number < 0 or number != number.to_integral_value():
        raise Invalid(f"La duración «{text}» debe ser un número entero (por ejemplo 6).")
    return int(number)


def duration_unit(text: str) -> str:
    if not text:
        return ""
    key = fold(text)
    if key not in UNIDADES_DURACION:
        raise Invalid(f"«{text}» no es una unidad de duración: use Días, Meses o Años.")
    return UNIDADES_DURACION[key]


def money(text: str) -> int:
    """Whole pesos from "89662254", "89.662.254", "$ 89,662,254" or "1.234.567,50"."""
    if not text:
        raise Invalid("Escriba el valor en pesos, por ejemplo 85354692.")
    try:
        # SECOP II exports carry cents ("1.234.567,50"): rounded, not refused as a form would.
        return to_pesos(read_amount(text))
    except TooMuchMoney:
        raise Invalid(
            f"«{text}» es demasiado grande para un valor en pesos: revise los dígitos."
        ) from None
    except MoneyError:
        raise Invalid(
            f"«{text}» no es un valor en pesos: escriba solo números, por ejemplo 85354692."
        ) from None


def optional_money(text: str) -> int | None:
    return money(text) if text else None


def yes_no(text: str) -> bool:
    if not text:
        return False
    key = fold(text)
    if key not in SI_NO:
        raise Invalid(f"Responda Sí o No (no «{text}»).")
    return SI_NO[key]


PARSERS = {
    "codigos_unspsc": codes,
    "descripcion": description,
    "mes_inicio": month,
    "mes_ofertas": optional_month,
    "duracion": duration,
    "duracion_unidad": duration_unit,
    "valor_total": money,
    "valor_vigencia": optional_money,
    "requiere_vigencias_futuras": yes_no,
}


def _text(value) -> str:
    return " ".join(str(value if value is not None else "").split())
