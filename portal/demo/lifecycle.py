"""The life of a detailed demo contract after it starts: modifications, payments, a breach.

It is planned before the contract row is written, because the row shows the outcome (value and
end date after the published modifications, value paid); portal.demo.management writes the
rows afterwards, with the case file, in the shape the portal's own services give them.
"""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from portal import clock
from portal.contracts.modifications import addition_cap, exempt_from_cap
from portal.demo import vocabulary as v
from portal.formatting import cop, fecha
from portal.models.contract_changes import TIPOS_MODIFICACION

DIA = timedelta(days=1)
HORA = timedelta(hours=1)
# The demo contracts (numbered as DEMO_CONTRACT_STATES in processes.py) that show each feature.
DEMO_MODIFICACION_POR_PUBLICAR = 1  # approved by the contractor, the entity may publish it
DEMO_MODIFICACION_POR_APROBAR = 2  # sent to the contractor, who may approve or reject it
DEMO_INCUMPLIMIENTO = 3  # a breach procedure in progress
DEMO_PRORROGA_PASADA = (7, 10)  # finished contracts that were extended or added to


def pesos(value: float) -> int:
    """Round an amount down to thousands of pesos, as offers usually are."""
    return int(value // 1_000) * 1_000


@dataclass(frozen=True)
class Firmado:
    """What the plan needs to know about a signed contract that has started."""

    valor: int
    inicio: datetime
    fin: datetime
    estado: str
    tipo: str
    modalidad: str
    referencia: str
    natural: bool  # a natural person bills with a cuenta de cobro
    demo: int  # its number among the demo provider's contracts, 0 for others


@dataclass
class ModPlan:
    """One modification with the moments of each step the app records (None: not reached)."""

    numero: int
    tipo: str
    estado: str
    descripcion: str
    creada: datetime
    documento: datetime | None
    enviada: datetime | None
    decidida: datetime | None
    publicada: datetime | None
    valor_antes: int
    fin_antes: datetime
    valor_adicion: int | None = None
    fin_despues: datetime | None = None
    motivo_rechazo: str = ""

    @property
    def valor_despues(self) -> int | None:
        return self.valor_antes + self.valor_adicion if self.tipo == "adicion" else None

    @property
    def tipo_label(self) -> str:
        return TIPOS_MODIFICACION[self.tipo]


@dataclass
class Cuota:
    """A payment request of the plan: the period it closes, its value and where it stands."""

    numero: int
    corte: datetime
    valor: int
    estado: str = "pagada"
    motivo_rechazo: str = ""  # the current rejection, which the contractor must correct
    corregida: str = ""  # an earlier rejection, already corrected and sent again


@dataclass(frozen=True)
class Acto:
    """A document of a breach: an administrative act the entity publishes."""

    titulo: str
    archivo: str
    publicado: datetime


@dataclass
class BreachPlan:
    tipo: str
    descripcion: str
    fecha: date
    acto: str
    valor_sancion: int | None
    registrado: datetime
    documentos: list[Acto]
    firmeza: tuple[datetime, str] | None = None  # when and why it became "en_firme"

    @property
    def estado(self) -> str:
        return "en_firme" if self.firmeza else "en_tramite"


@dataclass
class Vida:
    valor: int
    fin: datetime
    modificaciones: list[ModPlan] = field(default_factory=list)
    cuotas: list[Cuota] = field(default_factory=list)
    incumplimiento: BreachPlan | None = None
    suspendido_desde: datetime | None = None  # an ongoing suspension: nothing happens after it

    @property
    def pagado(self) -> int:
        return sum(c.valor for c in self.cuotas if c.estado == "pagada")

    @property
    def ultimo_cambio(self) -> datetime | None:
        publicadas = [m.publicada for m in self.modificaciones if m.publicada]
        return max(publicadas) if publicadas else None


class LifePlanner:
    def __init__(self, rng: random.Random, anchor: datetime) -> None:
        self.rng = rng
        self.anchor = anchor
        self.clausula_penal_declarada = False
        self.demo_mostrados: set[str] = set()  # payment states the demo contracts show so far

    def plan(self, c: Firmado) -> Vida:
        vida = Vida(valor=c.valor, fin=c.fin)
        self.published(c, vida)
        if c.estado in v.EN_CURSO and c.estado != "cedido":
            self.pending(c, vida)
        vida.cuotas = self.payments(c, vida)
        vida.incumplimiento = self.breach(c, vida)
        return vida

    # --- modifications -------------------------------------------------------------------

    def published(self, c: Firmado, vida: Vida) -> None:
        """Published modifications that agree with the contract's state."""
        rng = self.rng
        finished = c.estado in v.FINALIZADOS
        # Modifications happen during execution: a finished contract's, before it ended.
        limite = min(self.anchor, c.fin) if finished else self.anchor
        desde = c.inicio + min(10 * DIA, (limite - c.inicio) / 3)
        hasta = max(limite - 2 * DIA, desde + (limite - desde) / 2)
        # An extension of a finished contract also ended before the reference date.
        fin_maximo = self.anchor - 10 * DIA if finished else None
        if c.estado == "modificado":
            tipos = rng.choice((["adicion"], ["prorroga"], ["adicion", "prorroga"]))
            if c.demo:
                tipos = ["adicion", "prorroga"]
        elif c.estado == "suspendido":
            inicio = min(max(desde, self.anchor - 60 * DIA), hasta)
            vida.suspendido_desde = self.add_mod(c, vida, "suspension", self.between(inicio, hasta))
            return
        elif c.estado == "en_ejecucion" and not c.demo and rng.random() < 0.15:
            self.suspension_and_resumption(c, vida, desde, hasta)
            return
        elif finished and (c.demo in DEMO_PRORROGA_PASADA or (not c.demo and rng.random() < 0.2)):
            tipos = [rng.choice(("adicion", "prorroga"))]
        else:
            return
        # One after the other: each in its own stretch of the execution.
        tramo = desde
        for tipo, fin_tramo in zip(tipos, spread(desde, hasta, len(tipos)), strict=True):
            self.add_mod(c, vida, tipo, self.between(tramo, fin_tramo), fin_maximo=fin_maximo)
            tramo = fin_tramo

    def suspension_and_resumption(self, c: Firmado, vida: Vida, desde, hasta) -> None:
        dias = self.rng.randint(15, 45)
        if hasta - desde < (dias + 10) * DIA:
            return  # started too recently to have been stopped and restarted
        suspension = self.between(desde, hasta - (dias + 5) * DIA)
        self.add_mod(c, vida, "suspension", suspension)
        self.add_mod(c, vida, "reanudacion", suspension + dias * DIA, dias=dias)

    def add_mod(self, c: Firmado, vida: Vida, tipo: str, publicada: datetime, *,
                fin_maximo: datetime | None = None, dias: int = 0) -> datetime:  # fmt: skip
        """Plan a published modification and apply it to the contract as publishing does."""
        previa = vida.modificaciones[-1].publicada if vida.modificaciones else c.inicio
        creada = max(publicada - self.rng.randint(3, 6) * DIA, previa + (publicada - previa) / 2)
        mod = self.mod(c, vida, tipo, creada, dias=dias, fin_maximo=fin_maximo)
        steps = spread(creada, publicada, 4)
        mod.documento, mod.enviada, mod.decidida, mod.publicada = steps
        mod.estado = "publicada"
        if mod.tipo == "adicion":
            vida.valor = mod.valor_despues
        if mod.fin_despues is not None:
            vida.fin = mod.fin_despues
        vida.modificaciones.append(mod)
        return publicada

    def mod(self, c: Firmado, vida: Vida, tipo: str, creada: datetime, *, dias: int = 0,
            fin_maximo: datetime | None = None) -> ModPlan:  # fmt: skip
        """A modification drafted at ``creada`` against the contract as it stands then."""
        rng = self.rng
        ext = 0
        if tipo == "prorroga":
            ext = rng.choice((30, 30, 45, 60, 90))
            if fin_maximo is not None and vida.fin + ext * DIA > fin_maximo:
                ext = (fin_maximo - vida.fin).days
                if ext < 10:
                    tipo, ext = "adicion", 0  # no room for an extension: it was an addition
        adicion = None
        if tipo == "adicion":
            adicion = pesos(c.valor * rng.uniform(0.08, 0.4))
            disponible = addition_room(c, vida)
            if disponible is not None:
                adicion = min(adicion, pesos(disponible))
        if tipo == "reanudacion":
            ext = dias
        fin_despues = None
        if ext:
            fin_despues = clock.start_of_day(clock.local_day(vida.fin + ext * DIA))
        numero = len(vida.modificaciones) + 1
        mod = ModPlan(
            numero=numero,
            tipo=tipo,
            estado="borrador",
            descripcion="",
            creada=creada,
            documento=None,
            enviada=None,
            decidida=None,
            publicada=None,
            valor_antes=vida.valor,
            fin_antes=vida.fin,
            valor_adicion=adicion,
            fin_despues=fin_despues,
        )
        mod.descripcion = self.describe(c, mod, ext)
        return mod

    def describe(self, c: Firmado, mod: ModPlan, ext: int) -> str:
        rng = self.rng
        if mod.tipo == "adicion":
            objeto = v.OBJETO_ADICION.get(c.tipo, v.OBJETO_ADICION_SERVICIOS)
            cdp = rng.randint(120, 980)
            return (
                f"Adición de {cop(mod.valor_adicion)} para atender {objeto}, según la "
                f"justificación del supervisor y el certificado de disponibilidad presupuestal "
                f"No. {cdp} de {mod.creada.year}."
            )
        if mod.tipo == "prorroga":
            return (
                f"Prórroga del plazo de ejecución en {ext} días, hasta el "
                f"{fecha(mod.fin_despues)}, por {rng.choice(v.CAUSAS_PRORROGA)}. No modifica el "
                "valor del contrato."
            )
        if mod.tipo == "suspension":
            return (
                f"Suspensión del plazo de ejecución por {rng.choice(v.CAUSAS_SUSPENSION)}. "
                "Las partes firman el acta de suspensión y el contratista amplía las garantías."
            )
        return (
            f"Reanudación de la ejecución al superarse las causas de la suspensión. El plazo se "
            f"amplía en {ext} días, el tiempo que el contrato estuvo suspendido."
        )

    def pending(self, c: Firmado, vida: Vida) -> None:
        """Sometimes a modification is still on its way; the demo contracts show two steps."""
        rng = self.rng
        if c.demo == DEMO_MODIFICACION_POR_PUBLICAR:
            estado, tipo = "aprobada", "adicion"
        elif c.demo == DEMO_MODIFICACION_POR_APROBAR:
            estado, tipo = "enviada", "prorroga"
        elif not c.demo and vida.suspendido_desde is None and rng.random() < 0.12:
            estado = rng.choice(("borrador", "enviada", "aprobada", "rechazada"))
            tipo = rng.choice(("adicion", "prorroga"))
        else:
            return
        disponible = addition_room(c, vida)
        if tipo == "adicion" and disponible is not None and disponible <= c.valor * 0.1:
            tipo = "prorroga"  # no room left under the cap for a meaningful addition
        previa = vida.modificaciones[-1].publicada if vida.modificaciones else c.inicio
        limite = self.anchor - 3 * HORA
        creada = self.between(max(previa + DIA, limite - 12 * DIA), limite - DIA)
        mod = self.mod(c, vida, tipo, creada)
        pasos = {"borrador": 1, "enviada": 2, "aprobada": 3, "rechazada": 3}[estado]
        momentos = spread(creada, limite, 3)[:pasos]
        if estado != "borrador" or rng.random() < 0.6:
            mod.documento = momentos[0]
        if pasos >= 2:
            mod.enviada = momentos[1]
        if pasos == 3:
            mod.decidida = momentos[2]
        mod.estado = estado
        if estado == "rechazada":
            mod.motivo_rechazo = v.MOTIVO_RECHAZO_MODIFICACION
        vida.modificaciones.append(mod)

    # --- payments ------------------------------------------------------------------------

    def payments(self, c: Firmado, vida: Vida) -> list[Cuota]:
        """The requests sent so far: installments of the payment plan whose period has closed."""
        if c.estado not in v.EN_CURSO | v.FINALIZADOS:
            return []
        finished = c.estado in v.FINALIZADOS
        ultimo_corte = vida.suspendido_desde or self.anchor - DIA
        cuotas = [
            Cuota(numero, corte, valor)
            for numero, (corte, valor) in enumerate(self.installments(c, vida), start=1)
            if finished or corte < ultimo_corte
        ]
        for i, cuota in enumerate(cuotas):
            cuota.estado = self.payment_state(c, cuota, newest=i == len(cuotas) - 1)
        self.demo_payments(c, cuotas)
        for cuota in cuotas:
            if cuota.estado == "rechazada":
                cuota.motivo_rechazo = self.payment_rejection(c)
            elif cuota.estado in ("aprobada", "pagada") and self.rng.random() < 0.08:
                cuota.corregida = self.payment_rejection(c)
        return cuotas

    def installments(self, c: Firmado, vida: Vida) -> list[tuple[datetime, int]]:
        """(period end, value) of every installment; a published modification changes the
        value or the term still to be paid from its publication on."""
        forma = payment_form(c.tipo, (c.fin - c.inicio).days)
        cambios = [m for m in vida.modificaciones if m.publicada]
        valor, fin, comprometido, ultimo = c.valor, c.fin, 0, c.inicio
        result = []
        while True:
            siguientes = [(t, w) for t, w in cuts(c.inicio, fin, forma) if t > ultimo]
            if not siguientes:
                return result
            corte = siguientes[0][0]
            if cambios and cambios[0].publicada < corte:
                mod = cambios.pop(0)
                valor = mod.valor_despues or valor
                fin = mod.fin_despues or fin
                continue
            restante = valor - comprometido
            if len(siguientes) > 1:
                restante = pesos(restante * siguientes[0][1] / sum(w for _, w in siguientes))
            result.append((corte, restante))
            comprometido += restante
            ultimo = corte

    def payment_state(self, c: Firmado, cuota: Cuota, newest: bool) -> str:
        """Older periods are paid; the newest waits for review while the contract runs."""
        if c.estado in ("liquidado", "cerrado"):
            return "pagada"
        edad = self.anchor - cuota.corte
        if newest and c.estado in v.EN_CURSO and edad < 45 * DIA:
            return "rechazada" if self.rng.random() < 0.12 else "enviada"
        if edad < 12 * DIA:
            return "enviada"
        if edad < 50 * DIA and self.rng.random() < 0.4:
            return "aprobada"
        return "pagada"

    def demo_payments(self, c: Firmado, cuotas: list[Cuota]) -> None:
        """The demo contracts in execution show every step someone can take next: a request
        to review, an approved one to pay and a rejected invoice to correct."""
        if not c.demo or c.estado not in v.EN_CURSO or not cuotas:
            return
        for cuota in cuotas:
            cuota.estado = "pagada"
        if "enviada" in self.demo_mostrados and "rechazada" not in self.demo_mostrados:
            cuotas[-1].estado = "rechazada"
        else:
            cuotas[-1].estado = "enviada"
        if len(cuotas) > 1 and "aprobada" not in self.demo_mostrados:
            cuotas[-2].estado = "aprobada"
        self.demo_mostrados.update(cuota.estado for cuota in cuotas)

    def payment_rejection(self, c: Firmado) -> str:
        if c.natural and self.rng.random() < 0.5:
            return v.MOTIVO_RECHAZO_CUENTA_COBRO
        return self.rng.choice(v.MOTIVOS_RECHAZO_PAGO)

    # --- breaches ------------------------------------------------------------------------

    def breach(self, c: Firmado, vida: Vida) -> BreachPlan | None:
        """One procedure in progress (a demo contract) and one declared penalty clause."""
        if c.demo == DEMO_INCUMPLIMIENTO and c.estado in v.EN_CURSO:
            return self.fine_in_progress(c)
        if not c.demo and c.estado == "terminado" and not self.clausula_penal_declarada:
            plan = self.penalty_clause(c, vida)
            self.clausula_penal_declarada = plan is not None
            return plan
        return None

    def fine_in_progress(self, c: Firmado) -> BreachPlan:
        rng = self.rng
        hasta = self.anchor - 2 * DIA
        desde = min(max(c.inicio + 5 * DIA, self.anchor - 15 * DIA), hasta)
        registrado = max(self.between(desde, hasta), c.inicio + HORA)
        numero = f"SJ-{registrado.year}-{rng.randint(100, 999)}"
        oficio = f"No. {numero}"
        acto = (
            f"Citación a audiencia de presunto incumplimiento (artículo 86 de la Ley 1474 de "
            f"2011), oficio {oficio} del {fecha(registrado)}"
        )
        return BreachPlan(
            tipo="multa",
            descripcion=(
                "Presunto incumplimiento parcial de las obligaciones del contrato: atraso en el "
                "cronograma de actividades y entrega tardía de los informes mensuales de "
                "ejecución. Se cita al contratista y a su garante a audiencia para que presenten "
                "sus descargos antes de decidir sobre la multa."
            ),
            fecha=clock.local_day(registrado),
            acto=acto,
            valor_sancion=None,
            registrado=registrado,
            documentos=[
                Acto(
                    f"Citación a audiencia, oficio {oficio}",
                    f"citacion_audiencia_{numero}.pdf",
                    registrado + 2 * HORA,
                )
            ],
        )

    def penalty_clause(self, c: Firmado, vida: Vida) -> BreachPlan | None:
        rng = self.rng
        registrado = vida.fin + rng.randint(20, 40) * DIA
        en_firme = registrado + rng.randint(15, 25) * DIA
        if en_firme > self.anchor - DIA:
            return None  # ended too recently for the act to be final: another contract
        resolucion = rng.randint(200, 900)
        acto = (
            f"Resolución No. {resolucion} del {fecha(registrado)}, por la cual se declara el "
            f"incumplimiento del contrato {c.referencia} y se hace efectiva la cláusula penal "
            "pecuniaria"
        )
        plan = BreachPlan(
            tipo="clausula_penal",
            descripcion=(
                "Incumplimiento definitivo: al vencer el plazo el contratista no había cumplido la "
                "totalidad de las obligaciones pactadas, según el informe final del supervisor. "
                "Se declara el incumplimiento, se tasa la cláusula penal en el 10 % del valor del "
                "contrato y se ordena hacerla efectiva con cargo a la garantía de cumplimiento o "
                "al saldo a favor del contratista."
            ),
            fecha=clock.local_day(registrado),
            acto=acto,
            valor_sancion=pesos(vida.valor * 0.1),
            registrado=registrado,
            documentos=[resolution(resolucion, registrado)],
        )
        segunda = resolucion + rng.randint(5, 40)
        nota = (
            f"Resolución No. {segunda} del {fecha(en_firme)}: se resolvió el recurso de "
            "reposición del contratista y se confirmó la decisión; el acto quedó en firme."
        )
        plan.firmeza = (en_firme, nota)
        plan.documentos.append(resolution(segunda, en_firme))
        return plan

    # --- time ----------------------------------------------------------------------------

    def between(self, start: datetime, end: datetime) -> datetime:
        """A moment between two others (the first one if they are in the wrong order)."""
        if end <= start:
            return start
        return start + (end - start) * self.rng.random()


def addition_room(c: Firmado, vida: Vida) -> int | None:
    """What the legal cap (the portal's own rule) still lets the contract add; None: no cap."""
    if exempt_from_cap(c.modalidad, c.tipo):
        return None
    return addition_cap(c.valor) - (vida.valor - c.valor)


def resolution(numero: int, expedida: datetime) -> Acto:
    """A resolution of the entity, published an hour after it was issued."""
    anio = expedida.year
    return Acto(
        f"Resolución No. {numero} de {anio}", f"resolucion_{numero}_{anio}.pdf", expedida + HORA
    )


def spread(start: datetime, end: datetime, steps: int) -> list[datetime]:
    """``steps`` moments after ``start``, evenly up to ``end`` (the last one is ``end``)."""
    paso = (end - start) / steps
    return [start + paso * (i + 1) for i in range(steps)]


def payment_form(tipo: str, dias: int) -> str:
    """How a contract of this kind is usually paid (its "forma de pago")."""
    if tipo in ("Compraventa", "Seguros") or dias <= 45:
        return "unico"  # one payment, on delivery
    if tipo == "Consultoría":
        return "productos"  # 30 % - 40 % - 30 % on delivery of each product
    return "mensual"  # monthly, against the supervisor's report


def cuts(inicio: datetime, fin: datetime, forma: str) -> list[tuple[datetime, float]]:
    """(period end, weight) of the payment plan of a contract running from inicio to fin."""
    if forma == "unico":
        return [(fin, 1.0)]
    if forma == "productos":
        tercio = (fin - inicio) / 3
        return [(inicio + tercio, 0.3), (inicio + 2 * tercio, 0.4), (fin, 0.3)]
    result, anterior, mes = [], inicio, 1
    while (corte := inicio + 30 * mes * DIA) < fin - 5 * DIA:
        result.append((corte, 1.0))
        anterior, mes = corte, mes + 1
    result.append((fin, max((fin - anterior).days, 1) / 30))
    return result
