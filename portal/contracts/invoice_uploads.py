"""Purpose "factura_pago": the invoice of a payment request, attached by the contractor.

A new invoice replaces the previous one of the same request (after a rejection, say); the
replaced file is marked removed, never deleted.
"""

from typing import Any

from flask import url_for

from portal import access, audit, clock
from portal.extensions import db
from portal.models import Documento, SolicitudPago, row_by_id
from portal.uploads.purposes import CompletedUpload, register_purpose

NAME = "factura_pago"


def payment_request_of(target: dict[str, Any]) -> SolicitudPago | None:
    solicitud = row_by_id(SolicitudPago, target.get("solicitud_id"))
    if solicitud is None or str(solicitud.contrato_id) != str(target.get("contrato_id", "")):
        return None
    return solicitud


def authorize(user: Any, target: dict[str, Any]) -> bool:
    """Only the contractor, and only while the request can still change."""
    solicitud = payment_request_of(target)
    if solicitud is None or not solicitud.editable:
        return False
    return access.has_role(access.contract_roles(user, solicitud.contrato), access.CONTRACTOR_ROLES)


def complete(user: Any, target: dict[str, Any], upload: CompletedUpload) -> str:
    solicitud = payment_request_of(target)
    contrato = solicitud.contrato
    anterior = solicitud.factura
    if anterior is not None and anterior.estado != "eliminado":
        anterior.estado, anterior.eliminado_por_id, anterior.eliminado_en = (
            "eliminado",
            user.id,
            clock.now(),
        )
    factura = Documento(
        contrato_id=contrato.id,
        proceso_id=contrato.proceso_id,
        etapa="ejecucion",
        tipo="factura",
        nombre_archivo=upload.safe_name,
        descripcion=f"Factura {solicitud.numero_factura}",
        content_type=upload.content_type,
        tamano=upload.stored.size,
        sha256=upload.stored.sha256,
        estado="pendiente",
        cargado_por_id=user.id,
        cargado_por_rol=access.PROVIDER,
    )
    db.session.add(factura)
    db.session.flush()
    solicitud.factura_documento_id = factura.id
    audit.record(
        "pago.factura",
        solicitud,
        f"Anexó la factura «{upload.original_name}» a la solicitud {solicitud.numero_factura}",
        cambios={"sha256": upload.stored.sha256, "documento_id": factura.id},
        proceso=contrato.proceso,
        actor=user,
        actor_rol=access.PROVIDER,
    )
    return url_for("uploads.receipt", token=upload.token)


def register_purposes() -> None:
    """Declare this module's upload purposes to the upload core (the factory calls it)."""
    register_purpose(NAME, authorize, complete)
