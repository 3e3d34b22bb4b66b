"""Liquidation and closure of a contract's electronic case file (Decreto 1082, art. 2.2.1.1.2.4.3).

The closure checklist says, item by item, what still blocks closing: execution not ended,
liquidation missing, payments pending, a modification in progress, minimum documents missing.
The document part reuses the expediente checklist, judged as the contract will stand once closed.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from sqlalchemy import and_, or_, select

from portal import audit, clock
from portal.contracts import modifications
from portal.contracts.modifications import set_contract_state
from portal.errors import Refused
from portal.expediente import checklist
from portal.extensions import db
from portal.formatting import fecha
from portal.models import Contrato, Documento, Proceso, SolicitudPago
from portal.models.documents import ESTADOS_PUBLICOS

# Payment requests that still wait for money: drafted, sent, or approved but not paid.
PAGOS_PENDIENTES = ("borrador", "enviada", "aprobada")
ESTADOS_TERMINADOS = ("terminado", "liquidado")
ESTADOS_FUERA_DE_CIERRE = ("borrador", "cerrado", "cancelado")


@dataclass
class Requirement:
    clave: str
    etiqueta: str
    cumplido: bool
    detalle: str


@dataclass
class ClosureState:
    requisitos: list[Requirement]
    documentos: list[checklist.ChecklistGroup] = field(default_factory=list)

    @property
    def completo(self) -> bool:
        return all(r.cumplido for r in self.requisitos)

    @property
    def faltantes(self) -> list[Requirement]:
        return [r for r in self.requisitos if not r.cumplido]


def execution_ended(contrato: Contrato) -> bool:
    """Ended by state, or its last day (in Colombia) is already past."""
    if contrato.estado in (*ESTADOS_TERMINADOS, "cerrado"):
        return True
    return contrato.fecha_fin is not None and clock.local_day(contrato.fecha_fin) < clock.today()


def evaluate(contrato: Contrato) -> ClosureState:
    """Every condition for closing the case file, each met or not, with what is missing."""
    grupos = document_checklist(contrato)
    return ClosureState(
        [
            _execution(contrato),
            _liquidation(contrato),
            _payments(contrato),
            _modifications(contrato),
            _documents(grupos),
        ],
        grupos,
    )


def document_checklist(contrato: Contrato) -> list[checklist.ChecklistGroup]:
    """The minimum documents, judged as if the contract had reached the end of its life.

    The stand-in contract's state makes the checklist demand the execution documents and, when
    the contract must be liquidated, the acta de liquidación; the closure record itself is
    what closing adds, so it is not demanded yet.
    """
    final = "liquidado" if contrato.requiere_liquidacion else "terminado"
    proceso = contrato.proceso or Proceso(modalidad=contrato.modalidad, estado="celebrado")
    return checklist.evaluate(proceso, [SimpleNamespace(estado=final)], case_documents(contrato))


def case_documents(contrato: Contrato) -> list[Documento]:
    """Public documents of the contract and of its process (not of the process's other contracts)."""
    belongs = Documento.contrato_id == contrato.id
    if contrato.proceso_id is not None:
        own_process = and_(
            Documento.proceso_id == contrato.proceso_id, Documento.contrato_id.is_(None)
        )
        belongs = or_(belongs, own_process)
    return list(
        db.session.scalars(select(Documento).where(belongs, Documento.estado.in_(ESTADOS_PUBLICOS)))
    )


def pending_payments(contrato: Contrato) -> list[SolicitudPago]:
    return list(
        db.session.scalars(
            select(SolicitudPago)
            .where(
                SolicitudPago.contrato_id == contrato.id,
                SolicitudPago.estado.in_(PAGOS_PENDIENTES),
            )
            .order_by(SolicitudPago.id)
        )
    )


def _execution(contrato: Contrato) -> Requirement:
    etiqueta = "Ejecución terminada"
    if execution_ended(contrato):
        cuando = f" (finalizó el {fecha(contrato.fecha_fin)})" if contrato.fecha_fin else ""
        return Requirement("ejecucion", etiqueta, True, f"El plazo de ejecución terminó{cuando}.")
    if contrato.fecha_fin is None:
        detalle = "El contrato no registra fecha de finalización ni está terminado."
    else:
        detalle = f"El plazo de ejecución va hasta el {fecha(contrato.fecha_fin)}."
    return Requirement("ejecucion", etiqueta, False, detalle)


def _liquidation(contrato: Contrato) -> Requirement:
    etiqueta = "Liquidación"
    if not contrato.requiere_liquidacion:
        return Requirement("liquidacion", etiqueta, True, "El contrato no requiere liquidación.")
    if contrato.liquidado_en is not None:
        detalle = f"Liquidado el {fecha(contrato.liquidado_en)}."
        return Requirement("liquidacion", etiqueta, True, detalle)
    return Requirement(
        "liquidacion", etiqueta, False, "Falta publicar el acta de liquidación del contrato."
    )


def _payments(contrato: Contrato) -> Requirement:
    etiqueta = "Sin pagos pendientes"
    pendientes = pending_payments(contrato)
    if not pendientes:
        return Requirement("pagos", etiqueta, True, "No hay solicitudes de pago por pagar.")
    facturas = ", ".join(f"{p.numero_factura} ({p.estado_label.lower()})" for p in pendientes)
    detalle = f"{len(pendientes)} solicitud(es) de pago sin pagar: {facturas}."
    return Requirement("pagos", etiqueta, False, detalle)


def _modifications(contrato: Contrato) -> Requirement:
    etiqueta = "Sin modificaciones en trámite"
    abierta = modifications.open_modification(contrato)
    if abierta is None:
        return Requirement("modificaciones", etiqueta, True, "No hay modificaciones en trámite.")
    detalle = (
        f"La modificación N° {abierta.numero} ({abierta.tipo_label}) está "
        f"{abierta.estado_label.lower()}: publíquela o anúlela."
    )
    return Requirement("modificaciones", etiqueta, False, detalle)


def _documents(grupos: list[checklist.ChecklistGroup]) -> Requirement:
    etiqueta = "Documentos mínimos publicados"
    faltan = [i.etiqueta for g in grupos for i in g.items if i.estado == checklist.FALTA]
    if not faltan:
        return Requirement("documentos", etiqueta, True, "Están publicados los documentos mínimos.")
    return Requirement("documentos", etiqueta, False, "Faltan: " + "; ".join(faltan) + ".")


def check_can_liquidate(contrato: Contrato) -> None:
    if contrato.estado in ESTADOS_FUERA_DE_CIERRE:
        raise Refused(f"El contrato está {contrato.estado_label.lower()}.")
    if not contrato.requiere_liquidacion:
        raise Refused("Este contrato está marcado como que no requiere liquidación.")
    if contrato.liquidado_en is not None:
        raise Refused("El contrato ya fue liquidado.")
    if not execution_ended(contrato):
        raise Refused("Solo se liquida un contrato cuyo plazo de ejecución terminó.")


def liquidate(contrato: Contrato, acta: Documento, actor) -> None:
    """Record the liquidation with its published acta; the contract becomes "liquidado"."""
    check_can_liquidate(contrato)
    antes = {"estado": contrato.estado, "liquidado_en": None}
    set_contract_state(contrato, "liquidado")
    contrato.liquidado_en = clock.now()
    audit.record(
        "contrato.liquidado",
        contrato,
        f"Liquidó el contrato {contrato.id_contrato} y publicó el acta «{acta.nombre_archivo}»",
        cambios=audit.diff(antes, {"estado": "liquidado", "liquidado_en": contrato.liquidado_en}),
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )


def set_requires_liquidation(contrato: Contrato, requiere: bool, motivo: str, actor) -> None:
    """Say whether the contract must be liquidated (services contracts need not be)."""
    if contrato.liquidado_en is not None or contrato.estado in ESTADOS_FUERA_DE_CIERRE:
        raise Refused("Ya no se puede cambiar si el contrato requiere liquidación.")
    if requiere == contrato.requiere_liquidacion:
        return
    if len(motivo.strip()) < 10:
        raise Refused("Explique el fundamento del cambio (al menos 10 caracteres).")
    contrato.requiere_liquidacion = requiere
    texto = "requiere" if requiere else "no requiere"
    audit.record(
        "contrato.requiere_liquidacion",
        contrato,
        f"Indicó que el contrato {contrato.id_contrato} {texto} liquidación: {motivo.strip()}",
        cambios=audit.diff(
            {"requiere_liquidacion": not requiere}, {"requiere_liquidacion": requiere}
        ),
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )


def check_can_close(contrato: Contrato) -> ClosureState:
    if contrato.estado in ESTADOS_FUERA_DE_CIERRE:
        raise Refused(f"El contrato está {contrato.estado_label.lower()}.")
    estado = evaluate(contrato)
    if not estado.completo:
        faltan = "; ".join(f"{r.etiqueta}: {r.detalle}" for r in estado.faltantes)
        raise Refused(f"Aún no se puede cerrar el expediente. {faltan}")
    return estado


def close(contrato: Contrato, constancia: Documento, actor) -> None:
    """Close the contract and its electronic case file, with the published closure record."""
    check_can_close(contrato)
    antes = {"estado": contrato.estado, "cerrado_en": None}
    set_contract_state(contrato, "cerrado")
    contrato.cerrado_en = clock.now()
    audit.record(
        "contrato.cerrado",
        contrato,
        f"Cerró el expediente electrónico del contrato {contrato.id_contrato} "
        f"(constancia «{constancia.nombre_archivo}»)",
        cambios=audit.diff(antes, {"estado": "cerrado", "cerrado_en": contrato.cerrado_en}),
        publico=True,
        actor=actor,
        actor_rol="entidad",
    )


def to_close_query(entidad_id: int):
    """The entity's contracts whose execution ended and whose case file is still open."""
    ended = or_(
        Contrato.estado.in_(ESTADOS_TERMINADOS),
        Contrato.fecha_fin < clock.start_of_day(clock.today()),
    )
    return (
        select(Contrato)
        .where(
            Contrato.entidad_id == entidad_id,
            Contrato.estado.not_in(ESTADOS_FUERA_DE_CIERRE),
            ended,
        )
        .order_by(Contrato.fecha_fin, Contrato.id)
    )
