"""Loading processes, their history and their freshness for the public pages.

The statements are built once, with named parameters: building a statement and its cache key
costs more than SQLite takes to answer it, and the expediente is one of the busiest pages.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from flask import abort
from sqlalchemy import Row, bindparam, func, select, true
from sqlalchemy.orm import joinedload

from portal.expediente.documents import FILED_UNDER, filed_under_parameters
from portal.extensions import db
from portal.models import Contrato, Documento, Evento, Proceso, Unspsc
from portal.models.documents import ESTADOS_PUBLICOS

# Bump when the expediente page changes shape, so cached copies are not reused.
EXPEDIENTE_PAGE_VERSION = "1"

# Its entity and its contracts come joined to the process (one entity, few contracts); the
# providers of its contracts, if any, in a second query: SQLite would scan every account for
# an outer join to an inherited table such as Proveedor.
_PROCESO = (
    select(Proceso)
    .where(Proceso.id_del_proceso == bindparam("id_del_proceso"))
    .options(
        joinedload(Proceso.entidad, innerjoin=True),
        joinedload(Proceso.contratos).selectinload(Contrato.proveedor),
    )
)


def get_public_process(id_del_proceso: str) -> Proceso:
    """Return a published process by its public id, or 404 (drafts are not public)."""
    result = db.session.execute(_PROCESO, {"id_del_proceso": id_del_proceso})
    proceso = result.unique().scalar_one_or_none()
    if proceso is None or proceso.estado == "borrador":
        abort(404)
    return proceso


_UNSPSC_NOMBRES = select(Unspsc.codigo, Unspsc.nombre).where(
    Unspsc.codigo.in_(bindparam("codigos", expanding=True))
)


def unspsc_names(proceso: Proceso) -> dict[str, str]:
    """Spanish names of the process's UNSPSC codes."""
    codigos = [c for c in (proceso.unspsc_principal, *proceso.unspsc_adicionales) if c]
    if not codigos:
        return {}
    return dict(db.session.execute(_UNSPSC_NOMBRES, {"codigos": codigos}).all())


_PUBLIC_EVENT = (Evento.proceso_id == bindparam("proceso_id")) & Evento.publico.is_(True)

# A line of the public history shows these; plain rows cost less than whole events.
_PUBLIC_HISTORY = (
    select(
        Evento.creado_en,
        Evento.actor_nombre,
        Evento.actor_rol,
        Evento.accion,
        Evento.descripcion,
    )
    .where(_PUBLIC_EVENT)
    .order_by(Evento.creado_en.desc(), Evento.id.desc())
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)
_PUBLIC_EVENT_COUNT = select(func.count()).where(_PUBLIC_EVENT)


def public_history(proceso: Proceso, limit: int, offset: int = 0) -> list[Row]:
    """Public events of the process, newest first, with the columns the history shows."""
    parameters = {"proceso_id": proceso.id, "limit": limit, "offset": offset}
    return list(db.session.execute(_PUBLIC_HISTORY, parameters))


def count_public_history(proceso: Proceso) -> int:
    return db.session.scalar(_PUBLIC_EVENT_COUNT, {"proceso_id": proceso.id})


@dataclass(frozen=True)
class Freshness:
    """What the expediente's validators are made of."""

    changed: datetime  # the newest change to the process, its contracts, documents or events
    public_documents: int
    public_events: int


_DOCUMENT_TIMES = (
    select(
        func.count(Documento.id)
        .filter(Documento.estado.in_(ESTADOS_PUBLICOS))
        .label("documentos_publicos"),
        func.max(Documento.cargado_en).label("cargado"),
        func.max(Documento.revisado_en).label("revisado"),
        func.max(Documento.eliminado_en).label("eliminado"),
    )
    .where(FILED_UNDER)
    .subquery()
)
_EVENT_TIMES = (
    select(
        func.count(Evento.id).filter(Evento.publico.is_(True)).label("eventos_publicos"),
        func.max(Evento.creado_en).label("creado"),
    )
    .where(Evento.proceso_id == bindparam("proceso_id"))
    .subquery()
)
# One row each: joining them answers both in one round trip.
_FRESHNESS = select(_DOCUMENT_TIMES, _EVENT_TIMES).select_from(
    _DOCUMENT_TIMES.join(_EVENT_TIMES, true())
)


def expediente_freshness(proceso: Proceso, contratos: list[Contrato]) -> Freshness:
    """When the expediente last changed and what it counts, in one query.

    ``contratos`` are the contracts whose documents the page shows. Every contract of the
    process counts for the time, drafts too, so that unpublishing one moves it forward; a
    document that is removed or rejected is stamped, so it moves the time forward as well.
    """
    row = db.session.execute(_FRESHNESS, filed_under_parameters(proceso, contratos)).one()
    times = [
        proceso.actualizado_en,
        *(c.actualizado_en for c in proceso.contratos),
        row.cargado,
        row.revisado,
        row.eliminado,
        row.creado,
    ]
    changed = max(t for t in times if t is not None)
    return Freshness(changed, row.documentos_publicos, row.eventos_publicos)


def expediente_etag(proceso: Proceso, freshness: Freshness) -> str:
    """A validator for the expediente page; counts catch two changes in the same instant."""
    key = (
        f"{EXPEDIENTE_PAGE_VERSION}:{proceso.id}:{freshness.changed.isoformat()}:"
        f"{freshness.public_documents}:{freshness.public_events}"
    )
    return hashlib.sha256(key.encode()).hexdigest()[:32]
