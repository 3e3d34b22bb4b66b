"""Turn published SECOP II cell values into typed values, or say in Spanish why not.

Every parser takes the raw cell (a string, or what the JSON parser gave) and returns the typed
value, ``None`` for an empty cell, or raises ``BadValue`` with a message for the person
importing the file.
"""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from portal.models.types import MAX_PESOS, to_pesos
from portal.models.vocab import fold

BOGOTA = ZoneInfo("America/Bogota")

# Placeholders SECOP II writes where there is no value.
EMPTY = {"", "no definido", "no adjudicado", "no aplica", "no registra", "n/a", "null", "nan"}

# Short cells repeat a lot (states, cities, "No Definido"): remember how they fold.
_fold_short = lru_cache(maxsize=4096)(fold)
_LONGEST_EMPTY = max(len(word) for word in EMPTY)

MESES = {
    "ene": 1, "feb": 2, "mar": 3, "abr": 4, "may": 5, "jun": 6,
    "jul": 7, "ago": 8, "sep": 9, "sept": 9, "set": 9, "oct": 10, "nov": 11, "dic": 12,
}  # fmt: skip

_US_DATE = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?)?"
)
_SPANISH_DATE = re.compile(
    r"(\d{4})\s+([a-z]{3,4})\.?\s+(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?)?"
)
_UNSPSC = re.compile(r"(?<!\d)(\d{8})(?!\d)")


class BadValue(ValueError):
    """A cell that cannot be read; the message is shown to the person importing."""


def text(value: Any) -> str:
    """Return the cell as stripped text ('' for None); objects become their JSON."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value).strip()


def is_empty(value: Any) -> bool:
    raw = text(value)
    # Placeholders are short: skip folding long descriptions (the import's hottest path).
    return not raw or (len(raw) <= _LONGEST_EMPTY and _fold_short(raw) in EMPTY)


def optional_text(value: Any) -> str:
    """Text, with SECOP's "No Definido" style placeholders turned into ''."""
    return "" if is_empty(value) else text(value)


def parse_datetime(value: Any) -> datetime | None:
    """Read ISO, M/DD/YYYY and "2023 ago 09 12:00:00 AM" dates; naive ones are Bogotá time."""
    raw = text(value)
    if is_empty(raw):
        return None
    parsed = _iso(raw) or _us(raw) or _spanish(raw)
    if parsed is None:
        raise BadValue(f"fecha ilegible «{raw}»")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BOGOTA)
    return parsed.astimezone(UTC)


def _iso(raw: str) -> datetime | None:
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None


def _us(raw: str) -> datetime | None:
    match = _US_DATE.fullmatch(raw.lower())
    if not match:
        return None
    month, day, year, hour, minute, second, ampm = match.groups()
    return _build(int(year), int(month), int(day), hour, minute, second, ampm)


def _spanish(raw: str) -> datetime | None:
    match = _SPANISH_DATE.fullmatch(raw.lower())
    if not match or match.group(2) not in MESES:
        return None
    year, month, day, hour, minute, second, ampm = match.groups()
    return _build(int(year), MESES[month], int(day), hour, minute, second, ampm)


def _build(year, month, day, hour, minute, second, ampm) -> datetime | None:
    h = int(hour or 0)
    if ampm:
        h = h % 12 + (12 if ampm.startswith("p") else 0)
    try:
        return datetime(year, month, day, h, int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_money(value: Any) -> int | None:
    """Read "$ 31.500.000,00", "31500000", "16500000.0" or "1.2E8" as whole pesos."""
    raw = text(value)
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif is_empty(raw):
        return None
    else:
        number = raw.replace("$", "").replace(" ", "").replace("\xa0", "")
        number = _colombian_to_plain(number) if raw.lstrip().startswith("$") else _plain(number)
        try:
            amount = Decimal(number)
        except InvalidOperation:
            raise BadValue(f"valor en pesos ilegible «{raw}»") from None
    if not amount.is_finite():
        raise BadValue(f"valor en pesos ilegible «{raw}»")
    if abs(amount) > MAX_PESOS:
        raise BadValue(f"valor en pesos fuera de rango «{raw}»")
    return to_pesos(amount)


def _colombian_to_plain(number: str) -> str:
    # The portal's display format: dots group thousands, the comma marks cents.
    return number.replace(".", "").replace(",", ".")


def _plain(number: str) -> str:
    if "," in number and "." in number:
        # Whichever comes last is the decimal mark.
        if number.rfind(",") > number.rfind("."):
            return _colombian_to_plain(number)
        return number.replace(",", "")
    if number.count(".") > 1:
        return number.replace(".", "")
    return number.replace(",", ".") if number.count(",") == 1 else number


def parse_int(value: Any) -> int | None:
    """Read a whole number such as a duration ("45", "45.0")."""
    raw = text(value)
    if is_empty(raw):
        return None
    try:
        number = Decimal(_plain(raw))
    except InvalidOperation:
        raise BadValue(f"número ilegible «{raw}»") from None
    if not number.is_finite() or abs(number) > MAX_PESOS:
        raise BadValue(f"número fuera de rango «{raw}»")
    return to_pesos(number)


def parse_document(value: Any) -> str:
    """Normalise a NIT or document number: "890.480.184,00" -> "890480184"."""
    raw = optional_text(value)
    raw = re.sub(r"[,.]0+$", "", raw)  # spreadsheets turn numbers into "…,00" or "….0"
    return re.sub(r"[^0-9A-Za-z-]", "", raw)


def parse_code(value: Any) -> str | None:
    """A SECOP code (entity, provider): digits only, None when missing or zero."""
    code = parse_document(value)
    return code if code and code.strip("0") else None


def parse_unspsc(value: Any) -> str | None:
    """The first eight-digit UNSPSC code in a cell ("V1.72141100" -> "72141100")."""
    codes = parse_unspsc_list(value)
    return codes[0] if codes else None


def parse_unspsc_list(value: Any) -> list[str]:
    """Every eight-digit UNSPSC code in a cell, in order, without repeats."""
    return list(dict.fromkeys(_UNSPSC.findall(text(value))))


def parse_url(value: Any) -> str:
    """A plain URL, or the ``url`` of {"url": ...} / {'url': ...} as the API writes it."""
    if isinstance(value, dict):
        return text(value.get("url"))
    raw = optional_text(value)
    if raw.startswith("{"):
        match = re.search(r"""["']url["']\s*:\s*["']([^"']*)["']""", raw)
        return match.group(1).strip() if match else ""
    return raw


def parse_bool(value: Any) -> bool | None:
    """Sí/Si/No/True/False as published; None when empty."""
    folded = fold(text(value))
    if folded in {"si", "true", "1", "yes"}:
        return True
    if folded in {"no", "false", "0"}:
        return False
    return None
