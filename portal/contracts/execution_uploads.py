"""The first purpose: an execution document of a contract, pending the supervisor's review."""

from typing import Any

from flask import url_for

from portal import access, audit
from portal.contracts.execution import notify_upload
from portal.extensions import db
from portal.models import Contrato, Documento, row_by_id
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE
from portal.uploads.purposes import CompletedUpload, register_purpose

NAME = "documento_contrato"


def contract_of(target: dict[str, Any]) -> Contrato | None:
    return row_by_id(Contrato, target.get("contrato_id"))


def role_in(user: Any, contrato: Contrato) -> str | None:
    """ "supervisor", "proveedor" (accepted member of the contractor's account) or None."""
    roles = access.contract_roles(user, contrato)
    if not access.has_role(roles, access.EXECUTION_ROLES):
        return None
    return access.recorded_role(roles)


def authorize(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    return contrato is not None and role_in(user, contrato) is not None


def complete(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    """Record the document as "pendiente" in the execution stage; return its receipt URL."""
    contrato = contract_of(target)
    rol = role_in(user, contrato) or ""
    tipo = target.get("tipo", "")
    documento = Documento(
        contrato_id=contrato.id,
        proceso_id=contrato.proceso_id,
        etapa="ejecucion",
        tipo=tipo if tipo in TIPOS_DOCUMENTO_EXPEDIENTE else "otro",
        nombre_archivo=upload.safe_name,
        descripcion=(target.get("descripcion") or upload.original_name).strip()[:2000],
        content_type=upload.content_type,
        tamano=upload.stored.size,
        sha256=upload.stored.sha256,
        estado="pendiente",
        cargado_por_id=user.id,
        cargado_por_rol=rol,
    )
    db.session.add(documento)
    audit.record(
        "documento.cargado",
        documento,
        f"Cargó «{upload.original_name}» en el contrato {contrato.id_contrato}",
        cambios={"sha256": upload.stored.sha256, "nombre_original": upload.original_name},
        proceso=contrato.proceso,
        actor=user,
        actor_rol=rol,
    )
    notify_upload(documento)
    return url_for("uploads.receipt", token=upload.token)


def register_purposes() -> None:
    """Declare this module's upload purposes to the upload core (the factory calls it)."""
    register_purpose(NAME, authorize, complete)
