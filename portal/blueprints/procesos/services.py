"""Loading processes, their history and their freshness for the public pages."""

import hashlib
from datetime import datetime

from flask import abort
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Contrato, Documento, Evento, Proceso, Unspsc

# Bump when the expediente page changes shape, so cached copies are not reused.
EXPEDIENTE_PAGE_VERSION = "1"


def get_public_proceso(id_del_proceso: str) -> Proceso:
    """Return a published process by its public id, or 404 (drafts are not public)."""
    proceso = db.session.scalar(
        select(Proceso)
        .where(Proceso.id_del_proceso == id_del_proceso)
        .options(selectinload(Proceso.contratos).selectinload(Contrato.proveedor))
    )
    if proceso is None or proceso.estado == "borrador":
        abort(404)
    return proceso


def unspsc_nombres(proceso: Proceso) -> dict[str, str]:
    """Spanish names of the process's UNSPSC codes."""
    codigos = [c for c in (proceso.unspsc_principal, *proceso.unspsc_adicionales) if c]
    if not codigos:
        return {}
    rows = db.session.execute(
        select(Unspsc.codigo, Unspsc.nombre).where(Unspsc.codigo.in_(codigos))
    )
    return dict(rows.all())


def _public_events(proceso: Proceso):
    return select(Evento).where(Evento.proceso_id == proceso.id, Evento.publico.is_(True))


def public_history(proceso: Proceso, limit: int, offset: int = 0) -> list[Evento]:
    """Public events of the process, newest first."""
    query = _public_events(proceso).order_by(Evento.creado_en.desc(), Evento.id.desc())
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def count_public_history(proceso: Proceso) -> int:
    return db.session.scalar(select(func.count()).select_from(_public_events(proceso).subquery()))


def last_modified(proceso: Proceso, contratos: list[Contrato]) -> datetime:
    """The newest change to the process, its contracts, documents or events."""
    contrato_ids = [c.id for c in contratos]
    belongs = Documento.proceso_id == proceso.id
    if contrato_ids:
        belongs = or_(belongs, Documento.contrato_id.in_(contrato_ids))
    document_times = db.session.execute(
        select(
            func.max(Documento.cargado_en),
            func.max(Documento.revisado_en),
            func.max(Documento.eliminado_en),
        ).where(belongs)
    ).one()
    event_time = db.session.scalar(
        select(func.max(Evento.creado_en)).where(Evento.proceso_id == proceso.id)
    )
    times = [
        proceso.actualizado_en,
        *(c.actualizado_en for c in contratos),
        *document_times,
        event_time,
    ]
    return max(t for t in times if t is not None)


def expediente_etag(proceso: Proceso, changed: datetime, documentos: int, eventos: int) -> str:
    """A validator for the expediente page; counts catch two changes in the same instant."""
    key = f"{EXPEDIENTE_PAGE_VERSION}:{proceso.id}:{changed.isoformat()}:{documentos}:{eventos}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]
