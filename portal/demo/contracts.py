"""The contract of an awarded demo process: award values, payments, and its signing event."""

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from portal import access
from portal.demo import vocabulary as v
from portal.demo.accounts import Cuentas, EntidadInfo, Persona, ProveedorDemo
from portal.demo.bulk import BulkWriter
from portal.demo.events import event_row
from portal.demo.lifecycle import Firmado, LifePlanner, Vida, pesos
from portal.demo.timeline import Fechas, closing_dates, latest
from portal.models.vocab import ESTADOS_CONTRATO

PCCNTR_BASE = 8_200_000


@dataclass(frozen=True)
class ContratoInfo:
    id: int
    id_contrato: str
    referencia: str
    estado: str
    valor: int
    proveedor: ProveedorDemo
    supervisor: Persona
    contratista: Persona | None  # the provider's user, when it has one
    fin: datetime | None  # after the published extensions
    demo: int = 0  # its number among the demo provider's contracts (DEMO_CONTRACT_STATES)
    vida: Vida | None = None  # detailed case files: modifications, payments, breach
    liquidado_en: datetime | None = None
    cerrado_en: datetime | None = None
    publicado: str = ""  # the published state label it ends with
    valor_inicial: int = 0  # before the published modifications
    actualizado_en: datetime | None = None
    fila: dict | None = None  # the row as it ends, when portal.processes.award signs it

    @property
    def signed_by_service(self) -> bool:
        return self.fila is not None

    @property
    def replayed(self) -> bool:
        """Its published modifications go through the portal's service, which changes the row."""
        return self.vida is not None and any(m.publicada for m in self.vida.modificaciones)

    @property
    def liquidated_by_service(self) -> bool:
        """portal.contracts.closure liquidates it (and closes it): the row starts out ended."""
        return self.vida is not None and self.liquidado_en is not None


class ContractWriter:
    def __init__(self, writer: BulkWriter, rng: random.Random, cuentas: Cuentas, anchor: datetime,
                 contratista_de: Callable[[ProveedorDemo], Persona]):  # fmt: skip
        self.writer = writer
        self.rng = rng
        self.cuentas = cuentas
        self.anchor = anchor
        self.contratista_de = contratista_de
        self.planner = LifePlanner(rng, anchor)

    def add(self, n: int, proceso: dict, entidad: EntidadInfo, estado: str, publicado: str,
            proveedor: ProveedorDemo, fechas: Fechas, referencia: str, *, demo: int = 0,
            detailed: bool = False) -> ContratoInfo:  # fmt: skip
        """Award ``proceso`` to ``proveedor`` and queue its contract in state ``estado``.

        A detailed contract gets its life after signing planned here (the row shows its
        outcome); the others only look the part (an inflated value when "modificado").
        """
        valor = proceso["precio_base"]
        if proceso["modalidad"] != "Contratación directa":
            valor = pesos(valor * self.rng.uniform(0.86, 0.995))
        inicial = valor
        proceso.update(
            adjudicatario_nombre=proveedor.nombre,
            adjudicatario_nit=proveedor.documento,
            adjudicatario_id=proveedor.id,
            valor_adjudicacion=valor,
        )
        id_contrato = f"CO1.PCCNTR.{PCCNTR_BASE + 3 * n + self.rng.randrange(3)}"
        vida = None
        started = fechas.inicio is not None and fechas.inicio < self.anchor
        if detailed and started and estado in v.EN_CURSO | v.FINALIZADOS:
            natural = proveedor.tipo_persona == "natural"
            firmado = Firmado(
                valor, fechas.inicio, fechas.fin, estado, proceso["tipo_contrato"],
                proceso["modalidad"], referencia, natural, demo,
            )  # fmt: skip
            vida = self.planner.plan(firmado)
            valor = vida.valor
        elif estado == "modificado":
            valor = pesos(valor * self.rng.uniform(1.1, 1.5))  # an addition
        # Payment requests and approvals need a person: detailed contracts' providers get one.
        con_usuario = detailed or proveedor is self.cuentas.proveedor_demo
        contratista = self.contratista_de(proveedor) if con_usuario else None
        fin = vida.fin if vida else fechas.fin
        liquidado_en, cerrado_en = closing_dates(self.rng, estado, fin, self.anchor)
        info = ContratoInfo(
            id=self.writer.new_id("contrato"),
            id_contrato=id_contrato,
            referencia=referencia,
            estado=estado,
            valor=valor,
            proveedor=proveedor,
            supervisor=entidad.supervisor,
            contratista=contratista,
            fin=fin,
            demo=demo,
            vida=vida,
            liquidado_en=liquidado_en,
            cerrado_en=cerrado_en,
            publicado=publicado,
            valor_inicial=inicial,
        )
        info = replace(info, actualizado_en=self.actualizado(info, fechas))
        row = self.row(info, publicado, proceso, fechas)
        if detailed and fechas.firma:  # signed through the service: see portal.demo.awarding
            return replace(info, fila=row)
        self.writer.add("contrato", row)
        if fechas.firma:
            texto = f"Se firmó el contrato {info.referencia} con {proveedor.nombre}."
            row = event_row("contrato.firmado", "contrato", info.id, proceso["id"], fechas.firma, texto, actor=entidad.comprador, actor_rol=access.COMPRADOR)  # fmt: skip
            self.writer.add("evento", row)
        return info

    def row(self, info: ContratoInfo, publicado: str, proceso: dict, fechas: Fechas) -> dict:
        """The contract as signed when its modifications are replayed, else as it ends."""
        if info.replayed:
            valor, fin, estado, publicado = (
                info.valor_inicial,
                fechas.fin,
                "en_ejecucion",
                "En ejecución",
            )
        else:
            valor, fin, estado = info.valor, info.fin, info.estado
        liquidado_en, cerrado_en = info.liquidado_en, info.cerrado_en
        if info.liquidated_by_service:
            liquidado_en = cerrado_en = None
            if not info.replayed:
                estado, publicado = "terminado", ESTADOS_CONTRATO["terminado"]
        return {
            "id": info.id,
            "id_contrato": info.id_contrato,
            "referencia": info.referencia,
            "proceso_de_compra": proceso["id_del_portafolio"],
            "proceso_id": proceso["id"],
            "entidad_id": proceso["entidad_id"],
            "proveedor_id": info.proveedor.id,
            "supervisor_id": info.supervisor.id,
            "objeto": proceso["descripcion"],
            "tipo_contrato": proceso["tipo_contrato"],
            "modalidad": proceso["modalidad"],
            "estado_publicado": publicado,
            "estado": estado,
            "valor": valor,
            # The payments service adds up what it pays.
            "valor_pagado": 0 if info.vida else self.pagado(info, fechas),
            "fecha_firma": fechas.firma,
            "fecha_inicio": fechas.inicio,
            "fecha_fin": fin,
            "liquidado_en": liquidado_en,
            "cerrado_en": cerrado_en,
            "origen_recursos": self.rng.choice(v.ORIGEN_RECURSOS),
            "destino_gasto": self.rng.choice(v.DESTINO_GASTO),
            "unspsc_principal": proceso["unspsc_principal"],
            "departamento": proceso["departamento"],
            "ciudad": proceso["ciudad"],
            "url_secop": "",
            "origen": "portal",
            "huella_fuente": None,
            "creado_en": fechas.adjudicacion,
            "actualizado_en": info.actualizado_en,
        }

    def actualizado(self, info: ContratoInfo, fechas: Fechas) -> datetime:
        """Publishing a modification, liquidating and closing update the contract."""
        cambios = [
            latest(fechas, self.anchor),
            info.vida.ultimo_cambio if info.vida else None,
            info.liquidado_en,
            info.cerrado_en,
        ]
        return max(c for c in cambios if c is not None)

    def pagado(self, info: ContratoInfo, fechas: Fechas) -> int:
        """What has been paid so far: nothing before starting, everything once liquidated."""
        if info.estado in ("liquidado", "cerrado"):
            return info.valor
        if info.estado == "terminado":
            return pesos(info.valor * self.rng.uniform(0.85, 1.0))
        if info.estado not in v.EN_CURSO or fechas.inicio is None:
            return 0
        elapsed = (self.anchor - fechas.inicio) / (fechas.fin - fechas.inicio)
        return pesos(info.valor * min(1.0, max(0.0, elapsed - 0.05)))
