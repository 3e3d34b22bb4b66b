"""Read-only queries of the entity's processes: its list and a process's recent history."""

from sqlalchemy import Select, select

from portal.extensions import db
from portal.models import Evento, Proceso
from portal.textmatch import any_contains_folded


def entity_processes(entidad_id: int, q: str = "", estado: str = "") -> Select:
    """The entity's processes (drafts too) matching ``q`` and ``estado``, latest change first."""
    query = select(Proceso).where(Proceso.entidad_id == entidad_id)
    if estado:
        query = query.where(Proceso.estado == estado)
    if q:
        query = query.where(
            any_contains_folded([Proceso.referencia, Proceso.nombre, Proceso.id_del_proceso], q)
        )
    return query.order_by(Proceso.actualizado_en.desc(), Proceso.id.desc())


def recent_events(proceso: Proceso, limit: int) -> list[Evento]:
    """The process's last ``limit`` events, public or not, newest first."""
    query = (
        select(Evento)
        .where(Evento.proceso_id == proceso.id)
        .order_by(Evento.creado_en.desc(), Evento.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
