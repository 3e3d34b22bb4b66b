"""Public document pages and permalinks: byte-exact downloads with ETag and Range support."""

from flask import abort, redirect, render_template
from sqlalchemy import select

from portal.blueprints.documents import bp
from portal.downloads import send_documento
from portal.expediente.documents import tipo_label
from portal.extensions import db
from portal.models import Documento, Evento
from portal.models.documents import ESTADOS_PUBLICOS
from portal.urls import document_permalink, safe_file_name


def is_visible(documento: Documento) -> bool:
    """Public state, and it belongs to a process or contract that is not a draft."""
    if not documento.es_publico:
        return False
    parents = [p for p in (documento.proceso, documento.contrato) if p is not None]
    return bool(parents) and all(p.estado != "borrador" for p in parents)


def get_public_documento(documento_id: int) -> Documento:
    """Return a public document, or 404: pending, rejected and removed ones do not exist here."""
    documento = db.session.get(Documento, documento_id)
    if documento is None or not is_visible(documento):
        abort(404)
    return documento


@bp.get("/documentos/<int:documento_id>")
def detalle(documento_id: int):
    documento = get_public_documento(documento_id)
    return render_template(
        "documents/detalle.html",
        documento=documento,
        tipo=tipo_label(documento.tipo),
        proceso=documento.proceso or (documento.contrato and documento.contrato.proceso),
        versiones=_versions(documento),
        eventos=_public_events(documento),
    )


@bp.get("/documentos/<int:documento_id>/<nombre>")
def descargar(documento_id: int, nombre: str):
    documento = get_public_documento(documento_id)
    if nombre != safe_file_name(documento.nombre_archivo):
        return redirect(document_permalink(documento), 308)
    return send_documento(documento)


def _versions(documento: Documento) -> list[Documento]:
    if not documento.serie:
        return [documento]
    query = select(Documento).where(
        Documento.serie == documento.serie,
        Documento.proceso_id.is_not_distinct_from(documento.proceso_id),
        Documento.contrato_id.is_not_distinct_from(documento.contrato_id),
        Documento.estado.in_(ESTADOS_PUBLICOS),
    )
    return list(db.session.scalars(query.order_by(Documento.version.desc(), Documento.id.desc())))


def _public_events(documento: Documento) -> list[Evento]:
    query = select(Evento).where(
        Evento.objeto_tipo == Documento.__tablename__,
        Evento.objeto_id == documento.id,
        Evento.publico.is_(True),
    )
    return list(db.session.scalars(query.order_by(Evento.creado_en.desc(), Evento.id.desc())))
