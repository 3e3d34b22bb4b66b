"""Column types shared by every model: aware datetimes, whole-peso money and row ids."""

from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, DateTime
from sqlalchemy.types import TypeDecorator

# The largest id an integer primary key holds on every engine we run (SQLite, PostgreSQL).
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A row id a client sent ("42"), or None for anything else ("x", "-1", "٣", 10**30)."""
    text = str(value or "")
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Store instants in UTC and always hand back timezone-aware datetimes.

    SQLite has no time zone support, so values come back naive there; PostgreSQL keeps them.
    Either way the application only ever sees aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Money(TypeDecorator):
    """Whole Colombian pesos as an integer: COP has no cents in practice, floats never."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return to_pesos(value)


# More than any public budget, and far inside BIGINT: input above it is a typo or a bad cell,
# refused with a message where it is read instead of overflowing the column on insert.
# The one cap: portal.money (forms, filters, the PAA) and the SECOP II importer read it.
MAX_PESOS = 10**15


def to_pesos(value: int | Decimal | str) -> int:
    """Round any exact amount to whole pesos (half up, as accountants do)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
