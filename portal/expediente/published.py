"""One published document as the public sees it: whether it is visible, its versions, its
history, and the "Verificar archivo" lookup by content."""

import re

from sqlalchemy import select

from portal.extensions import db
from portal.models import Documento, Evento
from portal.models.documents import ESTADOS_PUBLICOS

# 64 hex digits, optionally in pairs separated by spaces or colons (older certutil output).
_SHA256 = re.compile(r"(?<![0-9a-f])(?:[0-9a-f]{2}[ :]?){31}[0-9a-f]{2}(?![0-9a-f])")


def is_visible(documento: Documento) -> bool:
    """Public state, and it belongs to a process or contract that is not a draft."""
    if not documento.es_publico:
        return False
    parents = [p for p in (documento.proceso, documento.contrato) if p is not None]
    return bool(parents) and all(p.estado != "borrador" for p in parents)


def versions(documento: Documento) -> list[Documento]:
    """The published versions of the document's series, newest first."""
    if not documento.serie:
        return [documento]
    query = select(Documento).where(
        Documento.serie == documento.serie,
        Documento.proceso_id.is_not_distinct_from(documento.proceso_id),
        Documento.contrato_id.is_not_distinct_from(documento.contrato_id),
        Documento.estado.in_(ESTADOS_PUBLICOS),
    )
    return list(db.session.scalars(query.order_by(Documento.version.desc(), Documento.id.desc())))


def public_events(documento: Documento) -> list[Evento]:
    """The document's public history, newest first."""
    query = select(Evento).where(
        Evento.objeto_tipo == Documento.__tablename__,
        Evento.objeto_id == documento.id,
        Evento.publico.is_(True),
    )
    return list(db.session.scalars(query.order_by(Evento.creado_en.desc(), Evento.id.desc())))


def parse_sha256(text: str) -> str | None:
    """Find a SHA-256 in what people paste: plain, upper case, "sha256sum" output, spaced pairs."""
    found = _SHA256.search(text[:2000].lower())
    return re.sub("[ :]", "", found.group(0)) if found else None


def published_matches(sha256: str) -> list[Documento]:
    """Public documents with this content, oldest first (one file may be published twice)."""
    query = select(Documento).where(
        Documento.sha256 == sha256, Documento.estado.in_(ESTADOS_PUBLICOS)
    )
    return [d for d in db.session.scalars(query.order_by(Documento.cargado_en)) if is_visible(d)]
