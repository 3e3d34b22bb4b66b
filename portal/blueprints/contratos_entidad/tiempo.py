"""Today's date in Bogotá, and a form's date as an instant: the rules compare local days."""

from datetime import UTC, date, datetime, time

from portal.formatting import BOGOTA, to_bogota
from portal.models.types import utcnow

_source = utcnow  # tests replace it to move time


def now() -> datetime:
    return _source()


def today() -> date:
    """The current day in Colombia (a contract ends at the end of its last local day)."""
    return to_bogota(now()).date()


def start_of_day(day: date) -> datetime:
    """The first instant of a Colombian calendar day, in UTC (how contract dates are kept)."""
    return datetime.combine(day, time(0), tzinfo=BOGOTA).astimezone(UTC)


def local_day(instant: datetime | None) -> date | None:
    return to_bogota(instant).date() if instant else None
