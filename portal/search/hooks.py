"""The index follows the ORM: ids collected at flush, written after commit, dropped on rollback.

Reading the rows again after commit (rather than the objects at flush) indexes exactly what
was committed; `index.sync` never raises, so a failing index cannot undo nor block the
database write: its ids stay pending and are repaired later.
"""

from sqlalchemy import event, inspect, select

from portal.extensions import db
from portal.models import Entidad, Proceso
from portal.search import index

KEY = "search_pending_ids"
ENTITY_KEY = "search_pending_entities"


def listen() -> None:
    if not event.contains(db.session, "after_flush", collect):
        event.listen(db.session, "after_flush", collect)
        event.listen(db.session, "after_commit", write)
        event.listen(db.session, "after_soft_rollback", forget)


def collect(session, flush_context) -> None:
    """Remember the processes this flush touched (and entities whose name or NIT changed)."""
    ids = session.info.setdefault(KEY, set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Proceso) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, Entidad) and obj in session.dirty and _renamed(obj):
            session.info.setdefault(ENTITY_KEY, set()).add(obj.id)


def _renamed(entidad: Entidad) -> bool:
    state = inspect(entidad)
    return any(state.attrs[name].history.has_changes() for name in ("nombre", "nit"))


def write(session) -> None:
    ids = session.info.pop(KEY, set())
    entities = session.info.pop(ENTITY_KEY, set())
    if entities:
        # The session cannot run SQL after commit: read with a connection of its own.
        with db.engine.connect() as conn:
            ids |= set(conn.scalars(select(Proceso.id).where(Proceso.entidad_id.in_(entities))))
    if ids:
        index.sync(ids)


def forget(session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(KEY, None)
        session.info.pop(ENTITY_KEY, None)
