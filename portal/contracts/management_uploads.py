"""Upload purposes of the entity's contract management: what a file becomes once it arrives.

- ``documento_modificacion``: the document of a draft modification (private until published);
- ``documento_incumplimiento``: a document of a breach (published at once);
- ``acta_liquidacion``: the liquidation act; receiving it liquidates the contract;
- ``constancia_cierre``: the closure record; receiving it closes the case file.

Only members of the contract's entity with rol comprador or administrador may send them, and
only while the object accepts it. Registered when the contratos_entidad blueprint loads.
"""

from typing import Any

from flask import url_for

from portal import access
from portal.contracts import breaches, closure, modifications
from portal.contracts.execution_uploads import contract_of
from portal.errors import Refused
from portal.extensions import db
from portal.models import Contrato, Documento, Incumplimiento, Modificacion, row_by_id
from portal.uploads.purposes import CompletedUpload, register_purpose

DOCUMENTO_MODIFICACION = "documento_modificacion"
DOCUMENTO_INCUMPLIMIENTO = "documento_incumplimiento"
ACTA_LIQUIDACION = "acta_liquidacion"
CONSTANCIA_CIERRE = "constancia_cierre"


def entity_may_act(user: Any, contrato: Contrato | None) -> bool:
    return contrato is not None and access.has_role(
        access.contract_roles(user, contrato), access.BUYER_ROLES
    )


def _child(model, target: dict[str, Any], key: str, contrato: Contrato | None):
    """The modification or breach named in the target, if it belongs to the contract."""
    found = row_by_id(model, target.get(key))
    if found is None or contrato is None or found.contrato_id != contrato.id:
        return None
    return found


def _document(contrato: Contrato, user: Any, upload: CompletedUpload, **fields) -> Documento:
    descripcion = (fields.pop("descripcion", "") or upload.original_name).strip()[:2000]
    documento = Documento(
        contrato_id=contrato.id,
        proceso_id=contrato.proceso_id,
        nombre_archivo=upload.safe_name,
        descripcion=descripcion,
        content_type=upload.content_type,
        tamano=upload.stored.size,
        sha256=upload.stored.sha256,
        cargado_por_id=user.id,
        cargado_por_rol=access.ENTITY,
        **fields,
    )
    db.session.add(documento)
    db.session.flush()
    return documento


def _allowed(check) -> bool:
    try:
        check()
    except Refused:
        return False
    return True


# --- documento_modificacion ---------------------------------------------------------------


def authorize_modification(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    modificacion = _child(Modificacion, target, "modificacion_id", contrato)
    return (
        entity_may_act(user, contrato)
        and modificacion is not None
        and modificacion.estado == "borrador"
    )


def complete_modification(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    contrato = contract_of(target)
    modificacion = _child(Modificacion, target, "modificacion_id", contrato)
    documento = _document(
        contrato,
        user,
        upload,
        etapa="ejecucion",
        tipo="modificacion",
        estado="borrador",
        descripcion=target.get("descripcion")
        or f"Modificación N° {modificacion.numero}: {modificacion.tipo_label}",
    )
    modifications.attach_document(modificacion, documento, user)
    return url_for(
        "entity_contracts.modification",
        id_contrato=contrato.id_contrato,
        modificacion_id=modificacion.id,
    )


# --- documento_incumplimiento -------------------------------------------------------------


def authorize_breach(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    incumplimiento = _child(Incumplimiento, target, "incumplimiento_id", contrato)
    return entity_may_act(user, contrato) and incumplimiento is not None


def complete_breach(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    contrato = contract_of(target)
    incumplimiento = _child(Incumplimiento, target, "incumplimiento_id", contrato)
    documento = _document(
        contrato,
        user,
        upload,
        etapa="ejecucion",
        tipo="incumplimiento",
        estado="publicado",
        descripcion=target.get("descripcion") or incumplimiento.acto_administrativo,
    )
    breaches.attach_document(incumplimiento, documento, user)
    return url_for(
        "entity_contracts.breach",
        id_contrato=contrato.id_contrato,
        incumplimiento_id=incumplimiento.id,
    )


# --- acta_liquidacion and constancia_cierre -----------------------------------------------


def authorize_liquidation(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    return entity_may_act(user, contrato) and _allowed(
        lambda: closure.check_can_liquidate(contrato)
    )


def complete_liquidation(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    contrato = contract_of(target)
    acta = _document(
        contrato,
        user,
        upload,
        etapa="liquidacion",
        tipo="acta_liquidacion",
        estado="publicado",
        descripcion=target.get("descripcion") or "Acta de liquidación",
    )
    closure.liquidate(contrato, acta, user)
    return url_for("entity_contracts.liquidation", id_contrato=contrato.id_contrato)


def authorize_closure(user: Any, target: dict[str, Any]) -> bool:
    contrato = contract_of(target)
    return entity_may_act(user, contrato) and _allowed(lambda: closure.check_can_close(contrato))


def complete_closure(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    contrato = contract_of(target)
    constancia = _document(
        contrato,
        user,
        upload,
        etapa="liquidacion",
        tipo="cierre_expediente",
        estado="publicado",
        descripcion=target.get("descripcion") or "Constancia de cierre del expediente",
    )
    closure.close(contrato, constancia, user)
    return url_for("entity_contracts.closure_page", id_contrato=contrato.id_contrato)


def register_purposes() -> None:
    """Declare this module's upload purposes to the upload core (the factory calls it)."""
    register_purpose(DOCUMENTO_MODIFICACION, authorize_modification, complete_modification)
    register_purpose(DOCUMENTO_INCUMPLIMIENTO, authorize_breach, complete_breach)
    register_purpose(ACTA_LIQUIDACION, authorize_liquidation, complete_liquidation)
    register_purpose(CONSTANCIA_CIERRE, authorize_closure, complete_closure)
