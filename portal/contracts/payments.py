"""The payment plan: the contractor drafts and sends, the supervisor decides, the entity pays."""

from datetime import date

from sqlalchemy import select

from portal import access, audit, clock
from portal.contracts import alerts
from portal.contracts.queries import payment_requests_of, totals
from portal.errors import Refused
from portal.extensions import db
from portal.formatting import cop, to_bogota
from portal.models import Contrato, SolicitudPago, User


def create(contrato: Contrato, user: User, numero: str, emision: date, valor: int) -> SolicitudPago:
    """Draft a request; it counts against the contract only once it is sent."""
    _check_invoice_number(contrato, numero)
    solicitud = SolicitudPago(
        contrato=contrato,
        numero_factura=numero,
        fecha_emision=emision,
        valor=valor,
        estado="borrador",
        creado_por_id=user.id,
    )
    db.session.add(solicitud)
    audit.record(
        "pago.creado",
        solicitud,
        f"Creó la solicitud de pago de la factura {numero} por {cop(valor)}",
        proceso=contrato.proceso,
        actor_rol=access.PROVIDER,
    )
    return solicitud


def _check_invoice_number(contrato: Contrato, numero: str) -> None:
    repetida = db.session.scalar(
        select(SolicitudPago.id).where(
            SolicitudPago.contrato_id == contrato.id,
            SolicitudPago.numero_factura == numero,
            SolicitudPago.estado != "rechazada",
        )
    )
    if repetida:
        raise Refused(f"Ya hay una solicitud de pago con la factura {numero} en este contrato.")


def send(solicitud: SolicitudPago, user: User) -> None:
    """Send it to the entity: it needs its invoice and must fit in what is left of the contract."""
    if not solicitud.editable:
        raise Refused(f"La solicitud ya está {solicitud.estado_label.lower()}.")
    if solicitud.factura is None or solicitud.factura.estado == "eliminado":
        raise Refused("Anexe la factura antes de enviar la solicitud.", 400)
    _check_available(solicitud)
    before = {"estado": solicitud.estado}
    solicitud.estado, solicitud.motivo_rechazo = "enviada", ""
    solicitud.enviado_por_id, solicitud.enviado_en = user.id, clock.now()
    solicitud.fecha_recepcion = to_bogota(solicitud.enviado_en).date()
    solicitud.factura.estado = "pendiente"
    _record(
        solicitud,
        before,
        f"Envió a la Entidad Estatal la factura {solicitud.numero_factura}",
        access.PROVIDER,
    )
    alerts.notify(
        solicitud.contrato.supervisor,
        f"Solicitud de pago por revisar: factura {solicitud.numero_factura}",
        f"El contratista envió la factura {solicitud.numero_factura} por {cop(solicitud.valor)}. "
        "Revísela y apruébela o recházela con el motivo.",
        solicitud.contrato,
    )


def _check_available(solicitud: SolicitudPago) -> None:
    otras = [s for s in payment_requests_of(solicitud.contrato) if s.id != solicitud.id]
    disponible = totals(solicitud.contrato, otras).disponible
    if disponible is not None and solicitud.valor > disponible:
        raise Refused(
            f"El valor {cop(solicitud.valor)} supera lo que queda por cobrar del contrato "
            f"({cop(disponible)}). Revise el valor de la factura.",
            400,
        )


def review(solicitud: SolicitudPago, user: User, aprobar: bool, motivo: str) -> None:
    """The supervisor approves the request or rejects it with the reason the contractor sees."""
    if solicitud.estado != "enviada":
        raise Refused(f"La solicitud no está por revisar ({solicitud.estado_label}).")
    motivo = motivo.strip()
    if not aprobar and not motivo:
        raise Refused(
            "Escriba el motivo del rechazo: el contratista lo necesita para corregir.", 400
        )
    before = {"estado": solicitud.estado}
    solicitud.estado = "aprobada" if aprobar else "rechazada"
    solicitud.motivo_rechazo = "" if aprobar else motivo[:2000]
    solicitud.revisado_por_id, solicitud.revisado_en = user.id, clock.now()
    solicitud.factura.estado = "aprobado" if aprobar else "rechazado"
    solicitud.factura.observacion = solicitud.motivo_rechazo
    verbo = "Aprobó" if aprobar else "Rechazó"
    _record(
        solicitud,
        before,
        f"{verbo} la factura {solicitud.numero_factura}",
        access.SUPERVISOR,
        publico=aprobar,
    )
    estado = "aprobada" if aprobar else "rechazada"
    alerts.notify(
        solicitud.creado_por,
        f"Solicitud de pago {estado}: factura {solicitud.numero_factura}",
        f"El supervisor {'aprobó' if aprobar else 'rechazó'} la factura {solicitud.numero_factura} "
        f"por {cop(solicitud.valor)}.",
        solicitud.contrato,
        solicitud.motivo_rechazo,
    )


def pay(solicitud: SolicitudPago, user: User, rol: str) -> None:
    """Register the payment of an approved request; the contract's paid value follows."""
    if solicitud.estado != "aprobada":
        raise Refused("Solo una solicitud aprobada se puede marcar como pagada.")
    before = {"estado": solicitud.estado}
    solicitud.estado = "pagada"
    solicitud.pagado_por_id, solicitud.pagado_en = user.id, clock.now()
    contrato = solicitud.contrato
    # Portal-managed payments are the source of the paid value once the plan is in use.
    contrato.valor_pagado = totals(contrato, payment_requests_of(contrato)).pagado
    _record(
        solicitud,
        before,
        f"Registró el pago de la factura {solicitud.numero_factura}",
        rol,
        publico=True,
    )
    alerts.notify(
        solicitud.creado_por,
        f"Pago registrado: factura {solicitud.numero_factura}",
        f"La Entidad Estatal registró el pago de la factura {solicitud.numero_factura} por {cop(solicitud.valor)}.",
        contrato,
    )


def _record(
    solicitud: SolicitudPago, before: dict, descripcion: str, rol: str, publico: bool = False
) -> None:
    audit.record(
        f"pago.{solicitud.estado}",
        solicitud,
        f"{descripcion} por {cop(solicitud.valor)}",
        cambios=audit.diff(before, {"estado": solicitud.estado}),
        publico=publico,
        proceso=solicitud.contrato.proceso,
        actor_rol=rol,
    )
