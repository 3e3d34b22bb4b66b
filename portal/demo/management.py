"""Rows of a detailed contract's life after signing, as the portal's own services leave them.

Payment requests follow mis_contratos/servicios_pagos.py and the "factura_pago" upload;
modifications and breaches follow contratos_entidad/modificaciones.py, incumplimientos.py and
their upload purposes: the same fields, states, documents and audit events (with the same
wording) that people using the portal would have produced, step by step.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from portal import clock
from portal.contracts.modifications import ESTADO_TRAS, describe_changes
from portal.demo.accounts import Persona
from portal.demo.bulk import BulkWriter
from portal.demo.documents import DocumentRows
from portal.demo.events import event_row
from portal.demo.lifecycle import BreachPlan, Cuota, ModPlan
from portal.demo.processes import Expediente
from portal.formatting import cop, fecha
from portal.models.contract_changes import ESTADOS_INCUMPLIMIENTO, TIPOS_INCUMPLIMIENTO

HORA = timedelta(hours=1)
MINUTO = timedelta(minutes=1)
# The invoice's state follows its request's (servicios_pagos.enviar and revisar).
ESTADO_FACTURA = {
    "enviada": "pendiente",
    "aprobada": "aprobado",
    "pagada": "aprobado",
    "rechazada": "rechazado",
}
# The default descriptions of the upload purposes (uploads/gestion_contractual.py).
DESCRIPCION_CIERRE = {
    "acta_liquidacion": "Acta de liquidación",
    "cierre_expediente": "Constancia de cierre del expediente",
}


@dataclass(frozen=True)
class History:
    """The audit trail of one object, as audit.record writes it: private unless made public."""

    writer: BulkWriter
    exp: Expediente
    objeto: str
    objeto_id: int
    actor: Persona  # who usually acts on it
    rol: str

    def __call__(self, accion: str, cuando: datetime, texto: str, *, actor: Persona | None = None,
                 rol: str = "", publico: bool = False, cambios: dict | None = None) -> None:  # fmt: skip
        row = event_row(
            accion,
            self.objeto,
            self.objeto_id,
            self.exp.proceso_id,
            cuando,
            texto,
            actor=actor or self.actor,
            actor_rol=rol or self.rol,
            publico=publico,
            cambios=cambios,
        )
        self.writer.add("evento", row)


@dataclass(frozen=True)
class Factura:
    """An invoice document attached to a payment request."""

    adjuntada: datetime
    documento_id: int
    nombre: str
    sha256: str


class ManagementWriter:
    def __init__(self, writer: BulkWriter, rng: random.Random, rows: DocumentRows) -> None:
        self.writer = writer
        self.rng = rng
        self.rows = rows
        self.facturas: dict[int, int] = {}  # provider id -> its last electronic invoice number

    def write(self, exp: Expediente) -> None:
        vida = exp.contrato.vida
        estado = "en_ejecucion"  # what the first modification found
        for mod in vida.modificaciones:
            estado = self.modificacion(exp, mod, estado)
        for cuota in vida.cuotas:
            self.pago(exp, cuota)
        if vida.incumplimiento is not None:
            self.incumplimiento(exp, vida.incumplimiento)
        self.cierre(exp, estado)

    # --- modifications (contratos_entidad/modificaciones.py) -----------------------------

    def modificacion(self, exp: Expediente, m: ModPlan, estado_contrato: str) -> str:
        """Queue one modification with its document and events; return the contract's state."""
        c, comprador = exp.contrato, exp.entidad.comprador
        mod_id = self.writer.new_id("modificacion")
        publicada = m.estado == "publicada"
        nombre = f"modificacion_{m.numero}_{c.referencia}.pdf"
        documento_id = None
        if m.documento is not None:  # published with the modification, private before
            documento_id, _stored = self.rows.uploaded(
                exp,
                "modificacion",
                m.documento,
                "publicado" if publicada else "borrador",
                comprador,
                "entidad",
                nombre,
                f"Modificación N° {m.numero}: {m.tipo_label}",
                revisado_por_id=comprador.id if publicada else None,
                revisado_en=m.publicada,
            )
        self.writer.add(
            "modificacion",
            {
                "id": mod_id,
                "contrato_id": c.id,
                "numero": m.numero,
                "tipo": m.tipo,
                "descripcion": m.descripcion,
                "estado": m.estado,
                "valor_adicion": m.valor_adicion,
                "valor_antes": m.valor_antes,
                "valor_despues": m.valor_despues,
                "fecha_fin_antes": m.fin_antes,
                "fecha_fin_despues": m.fin_despues,
                "proveedor_antes_id": c.proveedor.id,
                "proveedor_despues_id": None,
                "documento_id": documento_id,
                "motivo_rechazo": m.motivo_rechazo,
                "creado_por_id": comprador.id,
                "creado_en": m.creada,
                "enviada_en": m.enviada,
                "decidida_en": m.decidida,
                "decidida_por_id": c.contratista.id if m.decidida else None,
                "publicada_en": m.publicada,
            },
        )
        log = History(self.writer, exp, "modificacion", mod_id, comprador, "entidad")
        self.modification_steps(log, c, m, nombre)
        if not publicada:
            return estado_contrato
        return self.publication(log, c, m, estado_contrato)

    def modification_steps(self, log: History, c, m: ModPlan, nombre: str) -> None:
        """Drafted, document attached, sent, decided by the contractor (as far as it got)."""
        propuesta = {
            "tipo": m.tipo,
            "valor_adicion": m.valor_adicion,
            "fecha_fin_despues": str(clock.local_day(m.fin_despues) or "") or None,
            "cesionario": None,
        }
        la = f"la modificación N° {m.numero}"
        texto = f"Creó {la} ({m.tipo_label}) del contrato {c.id_contrato}"
        log("modificacion.creada", m.creada, texto, cambios=propuesta)
        if m.documento:
            texto = f"Adjuntó «{nombre}» a {la}"
            log("modificacion.documento", m.documento, texto, cambios={"documento": [None, nombre]})
        if m.enviada:
            texto = f"Envió al contratista {la} del contrato {c.id_contrato}"
            log(
                "modificacion.enviada",
                m.enviada,
                texto,
                cambios={"estado": ["borrador", "enviada"]},
            )
        if m.decidida:
            decision = "rechazada" if m.motivo_rechazo else "aprobada"
            cambios = {"estado": ["enviada", decision]}
            if m.motivo_rechazo:
                cambios["motivo"] = m.motivo_rechazo
            texto = (
                f"{'Rechazó' if m.motivo_rechazo else 'Aprobó'} {la} del contrato {c.id_contrato}"
            )
            log(
                f"modificacion.{decision}",
                m.decidida,
                texto,
                actor=c.contratista,
                rol="proveedor",
                cambios=cambios,
            )

    def publication(self, log: History, c, m: ModPlan, antes: str) -> str:
        """The public event of publishing: what changed in the contract. Returns its state."""
        despues = ESTADO_TRAS[m.tipo]
        if antes == "suspendido" and m.tipo != "reanudacion":
            despues = "suspendido"  # an addition does not restart a suspended contract
        fin_antes = str(clock.local_day(m.fin_antes))
        fin_despues = str(clock.local_day(m.fin_despues)) if m.fin_despues else fin_antes
        pares = {
            "valor": [m.valor_antes, m.valor_despues or m.valor_antes],
            "fecha_fin": [fin_antes, fin_despues],
            "estado": [antes, despues],
        }
        cambios = {campo: par for campo, par in pares.items() if par[0] != par[1]}
        texto = (
            f"Publicó la modificación N° {m.numero} ({m.tipo_label}) del contrato "
            f"{c.id_contrato}: {describe_changes(cambios)}"
        )
        cambios["estado_modificacion"] = ["aprobada", "publicada"]
        log("modificacion.publicada", m.publicada, texto, publico=True, cambios=cambios)
        return despues

    # --- payment requests (mis_contratos/servicios_pagos.py) ------------------------------

    def pago(self, exp: Expediente, cuota: Cuota) -> None:
        """Queue one request: created, invoice attached, sent, reviewed, paid (as far as it got)."""
        c = exp.contrato
        solicitud_id = self.writer.new_id("solicitud_pago")
        numero = self.numero_factura(exp, cuota)
        t = self.moments(cuota, self.payments_deadline(exp))
        facturas = self.invoices(exp, cuota, numero, t)
        self.writer.add(
            "solicitud_pago",
            {
                "id": solicitud_id,
                "contrato_id": c.id,
                "numero_factura": numero,
                "fecha_emision": clock.local_day(t["creada"]),
                "fecha_recepcion": clock.local_day(t["enviada"]),
                "valor": cuota.valor,
                "estado": cuota.estado,
                "motivo_rechazo": cuota.motivo_rechazo,
                "factura_documento_id": facturas[-1].documento_id,
                "creado_por_id": c.contratista.id,
                "creado_en": t["creada"],
                "enviado_por_id": c.contratista.id,
                "enviado_en": t["enviada"],
                "revisado_por_id": c.supervisor.id if "revisada" in t else None,
                "revisado_en": t.get("revisada"),
                "pagado_por_id": exp.entidad.comprador.id if "pagada" in t else None,
                "pagado_en": t.get("pagada"),
            },
        )
        log = History(self.writer, exp, "solicitud_pago", solicitud_id, c.contratista, "proveedor")
        self.payment_steps(log, exp, cuota, numero, t, facturas)

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

    def invoices(self, exp: Expediente, cuota: Cuota, numero: str, t: dict) -> list[Factura]:
        """The invoice attached to the request, after the one it replaced (kept, removed)."""
        c = exp.contrato
        natural = c.proveedor.tipo_persona == "natural"
        nombre = f"cuenta_cobro_{numero}_{c.referencia}.pdf" if natural else f"factura_{numero}.pdf"
        campos = (
            ("Cuenta de cobro" if natural else "Factura electrónica", numero),
            ("Valor", cop(cuota.valor)),
            ("Periodo hasta", fecha(cuota.corte)),
        )

        def upload(cuando, estado, archivo, **fields) -> Factura:
            documento_id, stored = self.rows.uploaded(
                exp, "factura", cuando, estado, c.contratista, "proveedor", archivo,
                f"Factura {numero}", campos, **fields,
            )  # fmt: skip
            return Factura(cuando, documento_id, archivo, stored.sha256)

        facturas = []
        if cuota.corregida:
            primera = upload(
                t["factura_antes"],
                "eliminado",
                nombre.replace(".pdf", "_v1.pdf"),
                observacion=cuota.corregida,
                eliminado_por_id=c.contratista.id,
                eliminado_en=t["factura"],
            )
            facturas.append(primera)
        estado = ESTADO_FACTURA[cuota.estado]
        facturas.append(upload(t["factura"], estado, nombre, observacion=cuota.motivo_rechazo))
        return facturas

    def payment_steps(self, log: History, exp: Expediente, cuota: Cuota, numero: str, t: dict,
                      facturas: list[Factura]) -> None:  # fmt: skip
        c = exp.contrato
        por = f"por {cop(cuota.valor)}"

        def enviada(cuando, antes):
            texto = f"Envió a la Entidad Estatal la factura {numero} {por}"
            log("pago.enviada", cuando, texto, cambios={"estado": [antes, "enviada"]})

        def revisada(cuando, decision):
            aprobada = decision == "aprobada"
            texto = f"{'Aprobó' if aprobada else 'Rechazó'} la factura {numero} {por}"
            cambios = {"estado": ["enviada", decision]}
            log(
                f"pago.{decision}",
                cuando,
                texto,
                actor=c.supervisor,
                rol="supervisor",
                publico=aprobada,
                cambios=cambios,
            )

        log("pago.creado", t["creada"], f"Creó la solicitud de pago de la factura {numero} {por}")
        for factura in facturas:
            texto = f"Anexó la factura «{factura.nombre}» a la solicitud {numero}"
            cambios = {"sha256": factura.sha256, "documento_id": factura.documento_id}
            log("pago.factura", factura.adjuntada, texto, cambios=cambios)
            if factura is not facturas[-1]:  # it was sent and rejected
                enviada(t["enviada_antes"], "borrador")
                revisada(t["rechazada_antes"], "rechazada")
        enviada(t["enviada"], "rechazada" if cuota.corregida else "borrador")
        if "revisada" in t:
            revisada(t["revisada"], "rechazada" if cuota.estado == "rechazada" else "aprobada")
        if "pagada" in t:
            texto = f"Registró el pago de la factura {numero} {por}"
            cambios = {"estado": ["aprobada", "pagada"]}
            log(
                "pago.pagada",
                t["pagada"],
                texto,
                actor=exp.entidad.comprador,
                rol="entidad",
                publico=True,
                cambios=cambios,
            )

    # --- liquidation and closure (contratos_entidad/cierre.py) ----------------------------

    def cierre(self, exp: Expediente, estado: str) -> None:
        """The acta de liquidación and the closure record, published through their upload
        purposes, each with the public event of the step it takes (cierre.liquidate, close)."""
        c = exp.contrato
        if c.liquidado_en is not None:
            acta = self.closing_document(exp, "acta_liquidacion", c.liquidado_en)
            texto = f"Liquidó el contrato {c.id_contrato} y publicó el acta «{acta}»"
            cambios = {"estado": [estado, "liquidado"], "liquidado_en": [None, str(c.liquidado_en)]}
            self.contract_event(exp, "contrato.liquidado", c.liquidado_en, texto, cambios)
            estado = "liquidado"
        if c.cerrado_en is not None:
            constancia = self.closing_document(exp, "cierre_expediente", c.cerrado_en)
            texto = (
                f"Cerró el expediente electrónico del contrato {c.id_contrato} "
                f"(constancia «{constancia}»)"
            )
            cambios = {"estado": [estado, "cerrado"], "cerrado_en": [None, str(c.cerrado_en)]}
            self.contract_event(exp, "contrato.cerrado", c.cerrado_en, texto, cambios)

    def closing_document(self, exp: Expediente, tipo: str, cuando: datetime) -> str:
        """A published document of the liquidation stage, as its upload purpose stores it;
        returns its file name."""
        nombre = f"{tipo}_{exp.contrato.referencia}.pdf"
        self.rows.uploaded(
            exp, tipo, cuando, "publicado", exp.entidad.comprador, "entidad", nombre,
            DESCRIPCION_CIERRE[tipo], etapa="liquidacion",
        )  # fmt: skip
        return nombre

    def contract_event(
        self, exp: Expediente, accion: str, cuando: datetime, texto: str, cambios: dict
    ) -> None:
        c = exp.contrato
        log = History(self.writer, exp, "contrato", c.id, exp.entidad.comprador, "entidad")
        log(accion, cuando, texto, publico=True, cambios=cambios)

    # --- breaches (contratos_entidad/incumplimientos.py) ----------------------------------

    def incumplimiento(self, exp: Expediente, plan: BreachPlan) -> None:
        """Registered (public at once), its acts published, then declared final if it was."""
        c, comprador = exp.contrato, exp.entidad.comprador
        breach_id = self.writer.new_id("incumplimiento")
        firme = plan.firmeza[0] if plan.firmeza else None
        self.writer.add(
            "incumplimiento",
            {
                "id": breach_id,
                "contrato_id": c.id,
                "tipo": plan.tipo,
                "descripcion": plan.descripcion,
                "fecha": plan.fecha,
                "acto_administrativo": plan.acto,
                "valor_sancion": plan.valor_sancion,
                "estado": plan.estado,
                "creado_por_id": comprador.id,
                "creado_en": plan.registrado,
                "actualizado_en": firme or plan.registrado,
            },
        )
        log = History(self.writer, exp, "incumplimiento", breach_id, comprador, "entidad")
        registrado = {
            "tipo": plan.tipo,
            "descripcion": plan.descripcion,
            "fecha": plan.fecha.isoformat(),
            "acto_administrativo": plan.acto,
            "valor_sancion": plan.valor_sancion,
            "estado": "en_tramite",
        }
        sancion = f", sanción de {cop(plan.valor_sancion)}" if plan.valor_sancion else ""
        texto = (
            f"Registró un incumplimiento ({TIPOS_INCUMPLIMIENTO[plan.tipo]}) del contrato "
            f"{c.id_contrato}: {plan.acto}{sancion}"
        )
        cambios = {campo: [None, valor] for campo, valor in registrado.items() if valor is not None}
        log("incumplimiento.registrado", plan.registrado, texto, publico=True, cambios=cambios)
        for acto in plan.documentos:
            if firme and firme < acto.publicado:
                self.declared_final(log, c, plan)
                firme = None
            documento_id, stored = self.rows.uploaded(
                exp, "incumplimiento", acto.publicado, "publicado", comprador, "entidad",
                acto.archivo, acto.titulo,
            )  # fmt: skip
            self.writer.add(
                "incumplimiento_documento",
                {"incumplimiento_id": breach_id, "documento_id": documento_id},
            )
            texto = f"Publicó «{acto.archivo}» en el incumplimiento del contrato {c.id_contrato}"
            cambios = {"documento": [None, acto.archivo], "sha256": stored.sha256}
            log("incumplimiento.documento", acto.publicado, texto, publico=True, cambios=cambios)
        if firme:
            self.declared_final(log, c, plan)

    @staticmethod
    def declared_final(log: History, c, plan: BreachPlan) -> None:
        cuando, nota = plan.firmeza
        etiqueta = ESTADOS_INCUMPLIMIENTO["en_firme"]
        texto = f"Cambió el incumplimiento del contrato {c.id_contrato} a «{etiqueta}»: {nota}"
        cambios = {"estado": ["en_tramite", "en_firme"], "nota": nota}
        log("incumplimiento.estado", cuando, texto, publico=True, cambios=cambios)
