"""Money as people type it in Colombia: one reading of "$ 1.500.000" for every form and filter.

Accepted: "1500000", "1.500.000", "$ 1.500.000", "$1.500.000,00", "1,500,000", "1.500.000 COP",
with any spaces (no-break ones included). Amounts are whole pesos below ``MAX_PESOS``; what is
refused raises a ``MoneyError`` whose message says, in Spanish, what to write instead.
"""

import re
from decimal import Decimal

from portal.formatting import miles
from portal.models.types import MAX_PESOS  # the one cap, kept beside the column it protects

NOT_MONEY = "Escriba el valor en pesos, por ejemplo «$ 180.000.000» o «180000000»."
NEGATIVE = "El valor no puede ser negativo: escríbalo sin el signo menos."
CENTS = "Escriba el valor en pesos enteros, sin centavos (por ejemplo 1.500.000)."
TOO_BIG = "El valor es demasiado grande: revise los ceros."

# What may surround the number: spaces of any kind, the peso sign, the currency code.
_DECORATION = re.compile(r"[\s$]|COP", re.IGNORECASE)
_AMOUNT = re.compile(
    # Colombian: dots group thousands, a comma marks the cents.
    r"(?P<co>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<co_cents>[0-9]{1,2}))?"
    # As spreadsheets in English write it: commas group thousands, a dot marks the cents.
    r"|(?P<en>[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<en_cents>[0-9]{1,2}))?"
    # Plain digits with cents after a dot ("1500.40"), as exported files have them.
    r"|(?P<plain>[0-9]+)\.(?P<plain_cents>[0-9]{1,2})"
)


class MoneyError(ValueError):
    """Text that is not an amount in pesos; the message says what to write."""


class UnreadableMoney(MoneyError):
    """Text that is no amount at all ("mucho", "-5", "1.50.000")."""


class TooMuchMoney(MoneyError):
    """An amount at or above ``MAX_PESOS``: a typo, or a cell with digits to spare."""


def read_amount(text: str) -> Decimal:
    """The exact amount in "$ 1.500.000,50" and the other accepted ways (cents kept)."""
    compact = _DECORATION.sub("", text or "")
    if compact.startswith("-"):
        raise UnreadableMoney(NEGATIVE)
    match = _AMOUNT.fullmatch(compact)
    if not match:
        raise UnreadableMoney(NOT_MONEY)
    whole, cents = _parts(match)
    # Decimal, not int: int() refuses strings of thousands of digits with a different error.
    amount = Decimal(f"{whole}.{cents or 0}")
    if amount >= MAX_PESOS:
        raise TooMuchMoney(TOO_BIG)
    return amount


def parse_pesos(text: str) -> int:
    """Whole pesos from what a person typed; cents other than ",00" are refused."""
    amount = read_amount(text)
    if amount != amount.to_integral_value():
        raise MoneyError(CENTS)
    return int(amount)


def format_pesos(value: int | None) -> str:
    """How a form shows an amount back: "$ 1.500.000" ("" when there is none)."""
    return "" if value is None else f"$ {miles(value)}"


def _parts(match: re.Match) -> tuple[str, str | None]:
    for whole, cents in (("co", "co_cents"), ("en", "en_cents"), ("plain", "plain_cents")):
        if match[whole] is not None:
            return re.sub(r"[.,]", "", match[whole]), match[cents]
    raise AssertionError("the pattern has three alternatives")
