"""One synthetic process at a time: its state, timeline, award and contract, as bulk rows
(a detailed one goes in under evaluation: portal.demo.awarding awards it through the service)."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate

from portal import access
from portal.demo import vocabulary as v
from portal.demo.accounts import Cuentas, EntidadInfo, Persona, ProveedorDemo
from portal.demo.bulk import BulkWriter
from portal.demo.contracts import ContractWriter, ContratoInfo
from portal.demo.events import event_row
from portal.demo.texts import ObjectWriter, Objeto
from portal.demo.timeline import Calendar, Fechas, latest
from portal.models import vocab
from portal.processes.states import TRANSICIONES

# The demo only uses a handful of published values: remember their keys.
normalize_estado_proceso = cache(vocab.normalize_estado_proceso)
normalize_estado_contrato = cache(vocab.normalize_estado_contrato)

# Number ranges of the synthetic public ids (each process owns a block of three numbers).
REQ_BASE, BDOS_BASE = 9_300_000, 9_100_000
DEMO_CONTRACTS = 10
# States of the demo provider's contracts: enough in execution to try the contractor's work.
DEMO_CONTRACT_STATES = (
    "En ejecución",
    "En ejecución",
    "En ejecución",
    "Activo",
    "Modificado",
    "Suspendido",
    "terminado",
    "Cerrado",
    "Aprobado",
    "Liquidado",
)
COMPETITIVAS = tuple(m for m in v.MODALIDADES if m.competitiva)
# How a process created in the portal reaches each state (keys of processes.states.TRANSICIONES).
CAMINO_PRINCIPAL = ("publicar", "evaluar", "adjudicar", "celebrar")
SALIDAS = {"desierto": "declarar_desierto", "suspendido": "suspender", "cancelado": "cancelar"}
# SECOP II's "abierto" is, for the portal's state machine, a published process taking offers.
EQUIVALENTE = {"abierto": "publicado"}


@cache
def state_path(estado: str) -> tuple[tuple[str, str], ...]:
    """The (from, to) steps that take a new draft to ``estado``, each one checked against the
    portal's own transition table, so a rule changed there changes (or stops) the demo."""
    destino = EQUIVALENTE.get(estado, estado)
    antes_de_salir = "publicado" if destino in SALIDAS else destino
    claves, actual = [], "borrador"
    for clave in CAMINO_PRINCIPAL:
        if actual == antes_de_salir:
            break
        claves.append(clave)
        actual = TRANSICIONES[clave].hacia
    if destino in SALIDAS:
        claves.append(SALIDAS[destino])
    pasos, actual = [], "borrador"
    for clave in claves:
        transicion = TRANSICIONES[clave]
        if actual not in transicion.desde:
            raise ValueError(f"demo path to {estado}: {clave} is not allowed from {actual}")
        pasos.append((actual, transicion.hacia))
        actual = transicion.hacia
    if actual != destino:
        raise ValueError(f"demo path to {estado} ends at {actual}")
    return tuple(pasos)


@dataclass(frozen=True)
class Expediente:
    """What the documents of a process need to know about it."""

    proceso_id: int
    id_del_proceso: str
    referencia: str
    nombre: str
    entidad: EntidadInfo
    modalidad: v.Modalidad
    estado: str
    fechas: Fechas
    contrato: ContratoInfo | None
    adjudicacion: dict | None = None  # the process row as it ends, when awarded by the service


# A process the award service takes over is inserted as it stood before: in evaluation.
EN_EVALUACION = {
    "estado": "evaluacion", "adjudicado": False, "adjudicatario_nombre": "",
    "adjudicatario_nit": "", "adjudicatario_id": None, "valor_adjudicacion": None,
    "fecha_adjudicacion": None,
}  # fmt: skip


class ProcessGenerator:
    def __init__(self, writer: BulkWriter, rng: random.Random, cuentas: Cuentas, anchor: date,
                 contratista_de: Callable[[ProveedorDemo], Persona]):  # fmt: skip
        self.writer = writer
        self.rng = rng
        self.cuentas = cuentas
        self.calendar = Calendar(rng, anchor)
        self.anchor = self.calendar.anchor
        self.textos = ObjectWriter(rng)
        self.secuencias: dict[tuple, int] = {}
        self.pending_contract_states = list(v.ESTADOS_CONTRATO)
        self.demo_contracts = 0
        self.contratos = ContractWriter(writer, rng, cuentas, self.anchor, contratista_de)
        self.entidad_cum = list(accumulate(cuentas.pesos))
        self.estados, self.estados_cum = (
            list(v.ESTADOS_PROCESO),
            list(accumulate(v.ESTADOS_PROCESO.values())),
        )
        self.directa, self.directa_cum = (
            list(v.ESTADOS_DIRECTA),
            list(accumulate(v.ESTADOS_DIRECTA.values())),
        )
        self.contrato_estados = list(v.ESTADOS_CONTRATO)
        self.contrato_cum = list(accumulate(v.ESTADOS_CONTRATO.values()))

    def add(self, n: int, detailed: bool = False) -> Expediente:
        """Generate process number ``n`` (and its contract) and queue their rows; a detailed
        contract also gets its modifications, payments and breaches planned."""
        demo_slot = n >= len(self.estados) and n % 3 == 0 and self.demo_contracts < DEMO_CONTRACTS
        entidad = self.cuentas.entidades[0] if demo_slot else self.pick_entidad()
        modalidad = self.pick_modalidad(n, entidad, demo_slot)
        estado_publicado = "Celebrado" if demo_slot else self.pick_estado(n, modalidad)
        estado = normalize_estado_proceso(estado_publicado)
        tipo = self.rng.choice(modalidad.tipos)
        # Personal services of direct contracting go to natural persons (most real contracts).
        personal = not modalidad.competitiva and tipo == "Prestación de servicios"
        lugar = self.lugar(entidad)
        objeto = self.textos.objeto(tipo, personal, *lugar, modalidad.techo)
        contrato_publicado = self.pick_estado_contrato(estado, demo_slot)
        clave_contrato = (
            normalize_estado_contrato(contrato_publicado) if contrato_publicado else None
        )
        fechas = self.calendar.timeline(estado, clave_contrato, objeto.dias, modalidad.competitiva)
        proveedor = self.pick_proveedor(personal, tipo, demo_slot) if contrato_publicado else None
        objeto = objeto.del_anio((fechas.publicacion or fechas.creado).year)
        proceso = self.proceso_row(n, entidad, modalidad, tipo, estado_publicado, objeto, fechas)
        proceso["ciudad"], proceso["departamento"] = lugar
        contrato = None
        if proveedor is not None:
            prefijo = "CPS" if proveedor.tipo_persona == "natural" else "CTO"
            referencia = self.referencia(entidad.id, prefijo, fechas.firma or fechas.adjudicacion)
            demo = self.demo_contracts if demo_slot else 0
            contrato = self.contratos.add(n, proceso, entidad, clave_contrato, contrato_publicado, proveedor, fechas, referencia, demo=demo, detailed=detailed)  # fmt: skip
        # Detailed case files are awarded (and signed) through portal.processes.award.
        por_servicio = detailed and proveedor is not None
        self.writer.add("proceso", (proceso | EN_EVALUACION) if por_servicio else proceso)
        self.history(proceso, estado, fechas, entidad, None if por_servicio else proveedor)
        return Expediente(
            proceso["id"],
            proceso["id_del_proceso"],
            proceso["referencia"],
            objeto.nombre,
            entidad,
            modalidad,
            estado,
            fechas,
            contrato,
            proceso if por_servicio else None,
        )

    # --- choices -------------------------------------------------------------------------

    def pick_entidad(self) -> EntidadInfo:
        return self.rng.choices(self.cuentas.entidades, cum_weights=self.entidad_cum)[0]

    def pick_modalidad(self, n: int, entidad: EntidadInfo, demo_slot: bool) -> v.Modalidad:
        if n < len(self.estados) or demo_slot:
            return COMPETITIVAS[n % len(COMPETITIVAS)]
        pesos = [
            m.peso * (6 if entidad.spec.regimen_especial and m.prefijo.startswith("RE") else 1)
            for m in v.MODALIDADES
        ]
        return self.rng.choices(v.MODALIDADES, weights=pesos)[0]

    def pick_estado(self, n: int, modalidad: v.Modalidad) -> str:
        if n < len(self.estados):
            return self.estados[n]  # the first processes show every state once
        if modalidad.competitiva:
            return self.rng.choices(self.estados, cum_weights=self.estados_cum)[0]
        return self.rng.choices(self.directa, cum_weights=self.directa_cum)[0]

    def pick_estado_contrato(self, estado: str, demo_slot: bool) -> str | None:
        if estado == "adjudicado":
            return "Borrador"  # awarded, contract not signed yet
        if estado != "celebrado":
            return None
        if demo_slot:
            self.demo_contracts += 1
            return DEMO_CONTRACT_STATES[self.demo_contracts - 1]
        if self.pending_contract_states:
            return self.pending_contract_states.pop(0)
        return self.rng.choices(self.contrato_estados, cum_weights=self.contrato_cum)[0]

    def pick_proveedor(self, personal: bool, tipo: str, demo_slot: bool) -> ProveedorDemo:
        if demo_slot:
            return self.cuentas.proveedor_demo
        if personal:
            pool = self.cuentas.naturales
        elif tipo in ("Obra", "Interventoría") and self.rng.random() < 0.3:
            pool = self.cuentas.plurales
        else:
            pool = self.cuentas.juridicas[1:]  # the demo provider only wins the demo slots
        # Skewed: a few providers win many contracts, as in real data.
        return pool[int(len(pool) * self.rng.random() ** 1.7)]

    def lugar(self, entidad: EntidadInfo) -> tuple[str, str]:
        spec = entidad.spec
        if spec.orden == "Nacional" and self.rng.random() < 0.6:
            departamento = self.rng.choice(list(v.LUGARES))
            return self.rng.choice(v.LUGARES[departamento]), departamento
        if spec.tipo_entidad == "Gobernación":
            return self.rng.choice(v.LUGARES[spec.departamento]), spec.departamento
        return spec.ciudad, spec.departamento

    # --- rows ----------------------------------------------------------------------------

    def referencia(self, entidad_id: int, prefijo: str, cuando: datetime) -> str:
        key = (entidad_id, prefijo, cuando.year)
        self.secuencias[key] = numero = self.secuencias.get(key, 0) + 1
        return f"{prefijo}-{numero:03d}-{cuando.year}"

    def proceso_row(self, n, entidad, modalidad, tipo, estado_publicado, objeto: Objeto, fechas):
        estado = normalize_estado_proceso(estado_publicado)
        awarded = estado in ("adjudicado", "celebrado")
        return {
            "id": self.writer.new_id("proceso"),
            "id_del_proceso": f"CO1.REQ.{REQ_BASE + 3 * n + self.rng.randrange(3)}",
            "id_del_portafolio": f"CO1.BDOS.{BDOS_BASE + 3 * n + self.rng.randrange(3)}",
            "referencia": self.referencia(
                entidad.id, modalidad.prefijo, fechas.publicacion or fechas.creado
            ),
            "nombre": objeto.nombre,
            "descripcion": objeto.descripcion,
            "entidad_id": entidad.id,
            "modalidad": modalidad.nombre,
            "tipo_contrato": tipo,
            "subtipo_contrato": "",
            "fase": self.fase(estado, modalidad),
            "estado_publicado": estado_publicado,
            "estado": estado,
            "estado_motivo": v.MOTIVOS.get(estado, ""),
            "precio_base": objeto.precio,
            "fecha_publicacion": fechas.publicacion,
            "fecha_ultima_publicacion": fechas.publicacion,
            "fecha_recepcion_ofertas": fechas.recepcion,
            "fecha_apertura_ofertas": fechas.recepcion + timedelta(hours=1)
            if fechas.recepcion
            else None,
            "fecha_adjudicacion": fechas.adjudicacion,
            "duracion": objeto.duracion,
            "unidad_duracion": objeto.unidad,
            "departamento": "",
            "ciudad": "",
            "unspsc_principal": objeto.unspsc,
            "unspsc_adicionales": objeto.unspsc_adicionales,
            "adjudicado": awarded,
            "adjudicatario_nombre": "",
            "adjudicatario_nit": "",
            "adjudicatario_id": None,
            "valor_adjudicacion": None,
            "url_secop": "",
            "origen": "portal",
            "huella_fuente": None,
            "creado_en": fechas.creado,
            "actualizado_en": latest(fechas, self.anchor),
        }

    def fase(self, estado: str, modalidad: v.Modalidad) -> str:
        if estado in v.FASES:
            return v.FASES[estado]
        if estado == "abierto":
            return modalidad.fase_abierta
        return "Presentación de oferta" if modalidad.competitiva else ""

    def history(self, proceso, estado, fechas: Fechas, entidad, proveedor) -> None:
        """Public events of the process's life: creation, publication, award, state changes."""
        pid = proceso["id"]
        state_path(estado)  # stops the demo if the portal's rules no longer reach this state

        def evento(accion: str, cuando, texto: str, **kw) -> None:
            row = event_row(accion, "proceso", pid, pid, cuando, texto, actor=entidad.comprador, actor_rol=access.COMPRADOR, **kw)  # fmt: skip
            self.writer.add("evento", row)

        evento("proceso.creado", fechas.creado, f"Creó el proceso {proceso['referencia']}.", publico=estado != "borrador")  # fmt: skip
        if fechas.publicacion:
            evento("proceso.publicado", fechas.publicacion, "Publicó el proceso.", cambios={"estado": ["borrador", "publicado"]})  # fmt: skip
        if proveedor is not None:
            valor = proceso["valor_adjudicacion"]
            texto = f"Adjudicó el proceso a {proveedor.nombre} por ${valor:,} COP.".replace(
                ",", "."
            )
            evento("proceso.adjudicado", fechas.adjudicacion, texto, cambios={"valor_adjudicacion": [None, valor]})  # fmt: skip
        if estado in v.MOTIVOS:
            antes, despues = state_path(estado)[-1]
            cuando = min(self.anchor, (fechas.recepcion or fechas.publicacion) + timedelta(days=2))
            evento("proceso.estado_cambiado", cuando, v.MOTIVOS[estado], cambios={"estado": [antes, despues]})  # fmt: skip
