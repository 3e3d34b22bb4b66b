"""Purpose "documento_proceso": a document of a stage of the entity's own process.

Documents of a published process are public at once; those of a draft wait ("borrador") and
are published with the process. An adenda gets the next number of its process; sending a file
with the ``serie`` of an existing document adds a new version of it (earlier ones stay public).
"""

from typing import Any

from flask import url_for
from sqlalchemy import func, select

from portal import access, audit
from portal.errors import Refused
from portal.extensions import db
from portal.models import Documento, Proceso, row_by_id
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE
from portal.processes.states import check_document
from portal.uploads.purposes import CompletedUpload, register_purpose

NAME = "documento_proceso"
# The documents a buyer attaches to the process itself (the contract's come later).
TIPOS = (
    "estudios_previos", "analisis_sector", "aviso_convocatoria", "proyecto_pliego",
    "pliego_definitivo", "adenda", "oferta", "informe_evaluacion", "acto_adjudicacion", "otro",
)  # fmt: skip


def process_of(target: dict[str, Any]) -> Proceso | None:
    return row_by_id(Proceso, target.get("proceso_id"))


def role_of(user: Any, proceso: Proceso) -> str | None:
    return access.buyer_role(user, proceso.entidad_id)


def authorize(user: Any, target: dict[str, Any]) -> bool:
    """A buyer or administrator of the owning entity, for a type the process admits now."""
    proceso = process_of(target)
    if proceso is None or role_of(user, proceso) is None or target.get("tipo") not in TIPOS:
        return False
    if target.get("serie") and previous_version(proceso, target["serie"]) is None:
        return False
    try:
        check_document(proceso, target["tipo"])
    except Refused:
        return False
    return True


def previous_version(proceso: Proceso, serie: str) -> Documento | None:
    """The newest version of a serie of this process."""
    return db.session.scalar(
        select(Documento)
        .where(Documento.proceso_id == proceso.id, Documento.serie == serie)
        .order_by(Documento.version.desc())
        .limit(1)
    )


def new_series(proceso: Proceso, tipo: str) -> tuple[str, int]:
    """A new serie "p<id>.<tipo>.<n>" and its number n (adendas are numbered this way)."""
    prefix = f"p{proceso.id}.{tipo}."
    count = db.session.scalar(
        select(func.count(func.distinct(Documento.serie))).where(
            Documento.proceso_id == proceso.id, Documento.serie.startswith(prefix)
        )
    )
    return f"{prefix}{count + 1}", count + 1


def complete(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    """Record the document (public now, or with the process) and return the documents page."""
    proceso = process_of(target)
    tipo = target["tipo"]
    previo = previous_version(proceso, target["serie"]) if target.get("serie") else None
    if previo is not None:
        serie, version, descripcion = previo.serie, previo.version + 1, previo.descripcion
    else:
        serie, numero = new_series(proceso, tipo)
        version, descripcion = 1, f"Adenda N° {numero}" if tipo == "adenda" else ""
    descripcion = (target.get("descripcion") or "").strip()[:2000] or descripcion
    documento = Documento(
        proceso_id=proceso.id,
        etapa=TIPOS_DOCUMENTO_EXPEDIENTE[tipo][1] or "precontractual",
        tipo=tipo,
        nombre_archivo=upload.safe_name,
        descripcion=descripcion or upload.original_name,
        content_type=upload.content_type,
        tamano=upload.stored.size,
        sha256=upload.stored.sha256,
        serie=serie,
        version=version,
        estado="borrador" if proceso.estado == "borrador" else "publicado",
        cargado_por_id=user.id,
        cargado_por_rol=role_of(user, proceso) or "",
    )
    db.session.add(documento)
    audit.record(
        "documento.cargado",
        documento,
        f"Cargó «{upload.original_name}» ({descripcion or tipo}, versión {version})",
        cambios={"sha256": upload.stored.sha256, "serie": serie, "version": version},
        publico=documento.estado == "publicado",
        proceso=proceso,
        actor=user,
        actor_rol=documento.cargado_por_rol,
    )
    return url_for("entity_processes.documents", proceso_id=proceso.id, cargado=documento.id)


def register_purposes() -> None:
    """Declare this module's upload purposes to the upload core (the factory calls it)."""
    register_purpose(NAME, authorize, complete)
