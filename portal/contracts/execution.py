"""Act on execution documents: remove (never destroy) and the supervisor's review."""

from portal import access, audit, clock
from portal.contracts import alerts
from portal.errors import Refused
from portal.models import Documento, User

REMOVABLE = ("pendiente", "rechazado")


def withdraw(documento: Documento, user: User, rol: str) -> None:
    """Take a document out of the list: its row and file stay, and the history says who and when."""
    if documento.cargado_por_id != user.id:
        raise Refused("Solo quien cargó el documento puede borrarlo.", 403)
    if documento.estado not in REMOVABLE:
        raise Refused(
            f"«{documento.nombre_archivo}» ya está {documento.estado_label.lower()}: "
            "no se puede borrar. Si hay un error, cargue una versión corregida.",
        )
    before = {"estado": documento.estado}
    documento.estado = "eliminado"
    documento.eliminado_por_id, documento.eliminado_en = user.id, clock.now()
    audit.record(
        "documento.eliminado",
        documento,
        f"Borró «{documento.nombre_archivo}» de los documentos de ejecución",
        cambios=audit.diff(before, {"estado": "eliminado"}),
        proceso=documento.contrato.proceso,
        actor_rol=rol,
    )


def review(documento: Documento, user: User, aprobar: bool, observacion: str) -> None:
    """The supervisor approves (it becomes public) or rejects with an observation for the contractor."""
    if documento.estado != "pendiente":
        raise Refused(
            f"«{documento.nombre_archivo}» ya no está pendiente de revisión ({documento.estado_label})."
        )
    observacion = observacion.strip()
    if not aprobar and not observacion:
        raise Refused("Escriba la observación: el contratista necesita saber qué corregir.", 400)
    before = {"estado": documento.estado}
    documento.estado = "aprobado" if aprobar else "rechazado"
    documento.observacion = observacion[:2000]
    documento.revisado_por_id, documento.revisado_en = user.id, clock.now()
    verbo = "Aprobó" if aprobar else "Rechazó"
    audit.record(
        f"documento.{documento.estado}",
        documento,
        f"{verbo} «{documento.nombre_archivo}»" + (f": {observacion}" if not aprobar else ""),
        cambios=audit.diff(before, {"estado": documento.estado}),
        publico=aprobar,
        proceso=documento.contrato.proceso,
        actor_rol=access.SUPERVISOR,
    )
    _notify_review(documento, aprobar, observacion)


def _notify_review(documento: Documento, aprobado: bool, observacion: str) -> None:
    if aprobado:
        asunto = f"Documento aprobado: {documento.nombre_archivo}"
        mensaje = (
            f"El supervisor aprobó «{documento.nombre_archivo}». Ya es público en el expediente."
        )
    else:
        asunto = f"Documento rechazado: {documento.nombre_archivo}"
        mensaje = (
            f"El supervisor rechazó «{documento.nombre_archivo}». Corríjalo y cárguelo de nuevo."
        )
    alerts.notify(documento.cargado_por, asunto, mensaje, documento.contrato, observacion)


def notify_upload(documento: Documento) -> None:
    """Tell the supervisor a contractor's document awaits review."""
    contrato = documento.contrato
    if (
        contrato is None
        or contrato.supervisor is None
        or documento.cargado_por_rol != access.PROVIDER
    ):
        return
    alerts.notify(
        contrato.supervisor,
        f"Documento por revisar: {documento.nombre_archivo}",
        f"El contratista cargó «{documento.nombre_archivo}» ({documento.descripcion}). "
        "Revíselo y apruébelo o recházelo con una observación.",
        contrato,
    )
