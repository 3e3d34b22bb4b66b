"""The time the account rules run on; tests move it forward instead of sleeping."""

from datetime import datetime

from portal.models.types import utcnow

_source = utcnow


def now() -> datetime:
    """Return the current aware UTC instant (replaceable by the `clock` test fixture)."""
    return _source()
