"""Purpose "documento_entidad": what the entity issues during execution, published by the supervisor.

Informes de supervisión, actas de inicio and de liquidación, comunicaciones: the supervisor
answers for them, so they are public the moment they arrive (no second review).
"""

from typing import Any

from flask import url_for

from portal import access, audit
from portal.contracts.execution_uploads import contract_of
from portal.extensions import db
from portal.models import Contrato, Documento
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE
from portal.uploads.purposes import CompletedUpload, register_purpose

NAME = "documento_entidad"
TIPOS = (
    "informe_supervision",
    "acta_inicio",
    "comunicacion",
    "acta_liquidacion",
    "cierre_expediente",
    "otro",
)


def authorize(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    return contrato is not None and user.is_authenticated and contrato.supervisor_id == user.id


def stage_of(tipo: str) -> str:
    return "liquidacion" if TIPOS_DOCUMENTO_EXPEDIENTE[tipo][1] == "liquidacion" else "ejecucion"


def complete(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    contrato: Contrato = contract_of(target)
    tipo = target.get("tipo", "")
    tipo = tipo if tipo in TIPOS else "otro"
    documento = Documento(
        contrato_id=contrato.id,
        proceso_id=contrato.proceso_id,
        etapa=stage_of(tipo),
        tipo=tipo,
        nombre_archivo=upload.safe_name,
        descripcion=(target.get("descripcion") or upload.original_name).strip()[:2000],
        content_type=upload.content_type,
        tamano=upload.stored.size,
        sha256=upload.stored.sha256,
        estado="publicado",
        cargado_por_id=user.id,
        cargado_por_rol=access.SUPERVISOR,
    )
    db.session.add(documento)
    audit.record(
        "documento.publicado",
        documento,
        f"Publicó «{upload.original_name}» en el contrato {contrato.id_contrato}",
        cambios={"sha256": upload.stored.sha256, "nombre_original": upload.original_name},
        publico=True,
        proceso=contrato.proceso,
        actor=user,
        actor_rol=access.SUPERVISOR,
    )
    return url_for("uploads.receipt", token=upload.token)


def register_purposes() -> None:
    """Declare this module's upload purposes to the upload core (the factory calls it)."""
    register_purpose(NAME, authorize, complete)
