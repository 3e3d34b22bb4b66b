"""The one clock every rule reads: now in UTC, and today's date in Colombia.

Tests move it with the ``clock`` fixture instead of sleeping; nothing else in the portal
reads the system time for a rule. What still reads it records a moment and decides nothing:
the models' column defaults (``creado_en``), backup and import timestamps.
"""

from datetime import UTC, date, datetime, time

from portal.formatting import BOGOTA, to_bogota
from portal.models.types import utcnow

_source = utcnow  # the `clock` test fixture replaces it


def now() -> datetime:
    """Return the current aware UTC instant."""
    return _source()


def today() -> date:
    """The current day in Colombia (a contract ends at the end of its last local day)."""
    return to_bogota(now()).date()


def start_of_day(day: date) -> datetime:
    """The first instant of a Colombian calendar day, in UTC (how contract dates are kept)."""
    return datetime.combine(day, time(0), tzinfo=BOGOTA).astimezone(UTC)


def local_day(instant: datetime | None) -> date | None:
    """The Colombian calendar day of an instant."""
    return to_bogota(instant).date() if instant else None
