"""A detailed contract's life after signing, replayed through the portal's own services.

Modifications (portal.contracts.modifications), payment requests (payments), breaches
(breaches), liquidation and closure (closure) run at the planned moments, signed in as the
person who takes each step, and their documents arrive through the same upload purposes a
browser's upload ends in: the services check their rules, change the rows and log the events.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal import access, clock
from portal.contracts import breaches, invoice_uploads, management_uploads, modifications, payments
from portal.contracts.modifications import set_contract_state
from portal.demo import replay
from portal.demo.documents import DocumentRows
from portal.demo.lifecycle import BreachPlan, Cuota, ModPlan
from portal.demo.processes import Expediente
from portal.demo.vocabulary import FINALIZADOS
from portal.extensions import db
from portal.formatting import cop, fecha
from portal.models import Contrato, SolicitudPago, User

HORA = timedelta(hours=1)
MINUTO = timedelta(minutes=1)


@dataclass(frozen=True)
class Partes:
    """The contract as a row and the people who act on it."""

    contrato: Contrato
    comprador: User
    supervisor: User
    contratista: User

    @classmethod
    def of(cls, exp: Expediente) -> "Partes":
        c = exp.contrato
        return cls(
            db.session.get(Contrato, c.id),
            db.session.get(User, exp.entidad.comprador.id),
            db.session.get(User, c.supervisor.id),
            db.session.get(User, c.contratista.id),
        )

    def target(self, **ids) -> dict:
        """What an upload of this contract names, as the upload form sends it."""
        return {"contrato_id": self.contrato.id, **ids}


class ManagementWriter:
    def __init__(self, writer, rng: random.Random, rows: DocumentRows) -> None:
        self.writer = writer
        self.rng = rng
        self.rows = rows
        self.facturas: dict[int, int] = {}  # provider id -> its last electronic invoice number

    def write(self, exp: Expediente) -> None:
        c, vida = exp.contrato, exp.contrato.vida
        self.writer.flush()  # the services read the contract, its people and documents
        partes = Partes.of(exp)
        for plan in vida.modificaciones:
            self.modificacion(exp, partes, plan)
        if c.estado in FINALIZADOS:  # it ended after its modifications: no service for that
            set_contract_state(partes.contrato, "terminado" if c.liquidado_en else c.estado)
        for cuota in vida.cuotas:
            self.pago(exp, partes, cuota)
        if vida.incumplimiento is not None:
            self.incumplimiento(exp, partes, vida.incumplimiento)
        self.cierre(exp, partes)
        partes.contrato.actualizado_en = c.actualizado_en

    # --- modifications (portal.contracts.modifications) ------------------------------------

    def modificacion(self, exp: Expediente, partes: Partes, m: ModPlan) -> None:
        comprador, contratista = partes.comprador, partes.contratista
        with replay.at(m.creada):
            mod = modifications.create(
                partes.contrato, comprador, tipo=m.tipo, descripcion=m.descripcion,
                valor_adicion=m.valor_adicion, nueva_fecha_fin=clock.local_day(m.fin_despues),
            )  # fmt: skip
        if m.documento is not None:  # private until the modification is published
            nombre = f"modificacion_{m.numero}_{exp.contrato.referencia}.pdf"
            stored = self.pdf(
                exp, "modificacion", f"Modificación N° {m.numero}: {m.tipo_label}", m.documento
            )
            with replay.at(m.documento):
                replay.upload(
                    management_uploads.complete_modification, comprador,
                    partes.target(modificacion_id=mod.id), stored, nombre,
                )  # fmt: skip
        if m.enviada is not None:
            with replay.at(m.enviada):
                modifications.send(mod, comprador)
        if m.decidida is not None:
            with replay.at(m.decidida):
                if m.motivo_rechazo:
                    modifications.reject(mod, contratista, m.motivo_rechazo)
                else:
                    modifications.approve(mod, contratista)
        if m.publicada is not None:
            with replay.at(m.publicada):
                modifications.publish(mod, comprador)

    def pdf(self, exp: Expediente, tipo: str, titulo: str, cuando: datetime, campos=()):
        """The PDF of a contract document, stored as an upload stores it."""
        return self.rows.stored(exp, tipo, titulo, cuando, True, campos)

    # --- payment requests (portal.contracts.payments) -------------------------------------

    def pago(self, exp: Expediente, partes: Partes, cuota: Cuota) -> None:
        """One request: created, invoice attached, sent, reviewed, paid (as far as it got);
        a corrected one was sent with a first invoice, rejected, and sent again."""
        numero = self.numero_factura(exp, cuota)
        t = self.moments(cuota, self.payments_deadline(exp))
        contratista = partes.contratista
        with replay.at(t["creada"], contratista):
            solicitud = payments.create(
                partes.contrato, contratista, numero, clock.local_day(t["creada"]), cuota.valor
            )
        if cuota.corregida:
            self.invoice(exp, partes, solicitud, cuota, t["factura_antes"], version="_v1")
            self.send(solicitud, contratista, t["enviada_antes"])
            self.review(solicitud, partes.supervisor, t["rechazada_antes"], cuota.corregida)
        self.invoice(exp, partes, solicitud, cuota, t["factura"])
        self.send(solicitud, contratista, t["enviada"])
        if "revisada" in t:
            motivo = cuota.motivo_rechazo if cuota.estado == "rechazada" else ""
            self.review(solicitud, partes.supervisor, t["revisada"], motivo)
        if "pagada" in t:
            with replay.at(t["pagada"], partes.comprador):
                payments.pay(solicitud, partes.comprador, access.ENTITY)

    @staticmethod
    def send(solicitud: SolicitudPago, contratista: User, cuando: datetime) -> None:
        with replay.at(cuando, contratista):
            payments.send(solicitud, contratista)

    @staticmethod
    def review(solicitud: SolicitudPago, supervisor: User, cuando: datetime, motivo: str) -> None:
        """The supervisor approves, or rejects with ``motivo``."""
        with replay.at(cuando, supervisor):
            payments.review(solicitud, supervisor, not motivo, motivo)

    def invoice(self, exp: Expediente, partes: Partes, solicitud: SolicitudPago, cuota: Cuota,
                cuando: datetime, version: str = "") -> None:  # fmt: skip
        """Attach the invoice through the "factura_pago" purpose (it replaces the last one)."""
        c, numero = exp.contrato, solicitud.numero_factura
        natural = c.proveedor.tipo_persona == "natural"
        nombre = f"cuenta_cobro_{numero}_{c.referencia}" if natural else f"factura_{numero}"
        campos = (
            ("Cuenta de cobro" if natural else "Factura electrónica", numero),
            ("Valor", cop(cuota.valor)),
            ("Periodo hasta", fecha(cuota.corte)),
        )
        stored = self.pdf(exp, "factura", f"Factura {numero}", cuando, campos)
        target = partes.target(solicitud_id=solicitud.id)
        with replay.at(cuando):
            replay.upload(
                invoice_uploads.complete,
                partes.contratista,
                target,
                stored,
                f"{nombre}{version}.pdf",
            )
        db.session.expire(solicitud, ["factura"])  # the purpose set the id, not the relationship

    def numero_factura(self, exp: Expediente, cuota: Cuota) -> str:
        """Invoices are numbered per provider, a natural person's cuentas de cobro per contract."""
        proveedor = exp.contrato.proveedor
        if proveedor.tipo_persona == "natural":
            return f"CC-{cuota.numero:03d}"
        ultimo = self.facturas.get(proveedor.id) or self.rng.randint(100, 4_000)
        self.facturas[proveedor.id] = ultimo + 1
        return f"FE-{ultimo + 1}"

    def payments_deadline(self, exp: Expediente) -> datetime:
        """Payments end before the reference date, and before the liquidation if there was one."""
        limite = self.rows.anchor - HORA
        liquidado = exp.contrato.liquidado_en
        return min(limite, liquidado - HORA) if liquidado else limite

    def moments(self, cuota: Cuota, limite: datetime) -> dict[str, datetime]:
        """When each step happened: a few days after the period closed, then the review and
        the payment; squeezed to end before ``limite`` when it would not."""
        r = self.rng.randint
        pasos = [("creada", timedelta(days=r(1, 3), hours=r(5, 12)))]  # in office hours
        if cuota.corregida:  # sent, rejected, corrected with a new invoice
            pasos += [("factura_antes", 15 * MINUTO), ("enviada_antes", 25 * MINUTO)]
            pasos += [("rechazada_antes", timedelta(days=r(1, 3), hours=r(0, 5)))]
            pasos += [("factura", timedelta(days=r(1, 2)))]
        else:
            pasos += [("factura", 15 * MINUTO)]
        pasos += [("enviada", 25 * MINUTO)]
        if cuota.estado in ("aprobada", "pagada", "rechazada"):
            pasos.append(("revisada", timedelta(days=r(1, 4), hours=r(0, 5))))
        if cuota.estado == "pagada":
            pasos.append(("pagada", timedelta(days=r(4, 12), hours=r(0, 5))))
        momentos, cuando = {}, cuota.corte
        for nombre, espera in pasos:
            cuando += espera
            momentos[nombre] = cuando
        if cuando > limite:
            escala = (limite - cuota.corte) / (cuando - cuota.corte)
            momentos = {k: cuota.corte + (t - cuota.corte) * escala for k, t in momentos.items()}
        return momentos

    # --- liquidation and closure (portal.contracts.closure) -------------------------------

    def cierre(self, exp: Expediente, partes: Partes) -> None:
        """The acta de liquidación and the closure record, received through their upload
        purposes, which liquidate the contract and close its case file."""
        c = exp.contrato
        steps = (
            (c.liquidado_en, "acta_liquidacion", "Acta de liquidación",
             management_uploads.complete_liquidation),
            (c.cerrado_en, "cierre_expediente", "Constancia de cierre del expediente",
             management_uploads.complete_closure),
        )  # fmt: skip
        for cuando, tipo, titulo, complete in steps:
            if cuando is None:
                continue
            stored = self.pdf(exp, tipo, titulo, cuando)
            with replay.at(cuando, partes.comprador):
                replay.upload(
                    complete,
                    partes.comprador,
                    partes.target(),
                    stored,
                    f"{tipo}_{c.referencia}.pdf",
                )

    # --- breaches (portal.contracts.breaches) ---------------------------------------------

    def incumplimiento(self, exp: Expediente, partes: Partes, plan: BreachPlan) -> None:
        """Registered (public at once), its acts published, then declared final if it was."""
        comprador = partes.comprador
        with replay.at(plan.registrado):
            incumplimiento = breaches.register(
                partes.contrato, comprador, tipo=plan.tipo, descripcion=plan.descripcion,
                fecha=plan.fecha, acto_administrativo=plan.acto,
                valor_sancion=plan.valor_sancion, estado="en_tramite",
            )  # fmt: skip
        firme = plan.firmeza[0] if plan.firmeza else None
        for acto in plan.documentos:
            if firme and firme < acto.publicado:
                self.declared_final(incumplimiento, comprador, plan)
                firme = None
            stored = self.pdf(exp, "incumplimiento", acto.titulo, acto.publicado)
            target = partes.target(incumplimiento_id=incumplimiento.id, descripcion=acto.titulo)
            with replay.at(acto.publicado):
                replay.upload(
                    management_uploads.complete_breach, comprador, target, stored, acto.archivo
                )
        if firme:
            self.declared_final(incumplimiento, comprador, plan)

    @staticmethod
    def declared_final(incumplimiento, comprador: User, plan: BreachPlan) -> None:
        cuando, nota = plan.firmeza
        with replay.at(cuando):
            breaches.change_state(incumplimiento, comprador, "en_firme", nota)
