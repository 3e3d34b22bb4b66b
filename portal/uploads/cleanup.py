"""Remove unfinished uploads that expired, and partial files no session knows about."""

import fcntl
from datetime import datetime

from sqlalchemy import select

from portal import clock
from portal.extensions import db
from portal.models import SesionCarga
from portal.uploads import sessions


def remove_expired(now: datetime | None = None) -> int:
    """Delete expired unfinished or refused sessions and their bytes; return how many.

    Flushes, does not commit. A session whose file is being written right now is skipped:
    its PATCH will extend the expiry when it ends.
    """
    now = now or clock.now()
    removed = 0
    for sesion in sessions.expired(now):
        if _busy(sesion.token):
            continue
        sessions.partial_path(sesion.token).unlink(missing_ok=True)
        db.session.delete(sesion)
        removed += 1
    db.session.flush()
    return removed + _remove_orphans(now)


def _busy(token: str) -> bool:
    try:
        with open(sessions.partial_path(token), "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except FileNotFoundError:
        return False
    except BlockingIOError:
        return True
    return False


def _remove_orphans(now: datetime) -> int:
    """Partial files left by a crash between writing the file and committing its session."""
    folder = sessions.partial_path("x").parent
    if not folder.is_dir():
        return 0
    oldest = (now - sessions.expiry()).timestamp()
    stale = [path for path in folder.iterdir() if path.stat().st_mtime < oldest]
    removed = 0
    for path in stale:
        known = db.session.scalar(select(SesionCarga.id).where(SesionCarga.token == path.name))
        if known is None:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
