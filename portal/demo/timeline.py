"""Dates of a demo process, worked back from a fixed reference date (never from the clock)."""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from portal.demo import vocabulary as v

HORA = timedelta(hours=1)
# Liquidation is due within months of the end (Ley 80 de 1993, art. 60; Ley 1150, art. 11).
CIERRE_MAXIMO = timedelta(days=180)


@dataclass(frozen=True)
class Fechas:
    creado: datetime
    publicacion: datetime | None
    recepcion: datetime | None
    adjudicacion: datetime | None
    firma: datetime | None
    inicio: datetime | None
    fin: datetime | None


class Calendar:
    def __init__(self, rng: random.Random, reference: date) -> None:
        self.rng = rng
        # Midnight in Bogotá (UTC-5, no daylight saving time) of the reference date.
        self.anchor = datetime(reference.year, reference.month, reference.day, 5, tzinfo=UTC)

    def timeline(self, estado: str, contrato: str | None, dias: int, competitiva: bool) -> Fechas:
        """Dates that fit the state: open processes close after the reference date, old
        contracts ended before it, contracts in execution are part-way through."""
        r = self.rng.randint
        pub = rec = adj = firma = inicio = None  # day offsets from the reference date
        if estado == "celebrado":
            inicio = self.start_of(contrato, dias)
            firma = inicio - r(1, 8)
            adj = firma - r(2, 12)
        elif estado == "adjudicado":
            adj = -r(1, 20)
        if adj is not None:
            if competitiva:
                rec = adj - r(5, 20)
                pub = rec - r(8, 30)
            else:
                pub = adj - r(0, 3)  # direct contracting publishes with the award
        elif estado == "publicado":
            pub, rec = -r(1, 12), r(5, 30)
        elif estado == "abierto":
            pub, rec = -r(5, 25), r(1, 20)
        elif estado == "evaluacion":
            pub, rec = -r(20, 60), -r(1, 15)
        elif estado == "desierto":
            rec = -r(10, 300)
            pub = rec - r(10, 30)
        elif estado in ("suspendido", "cancelado"):
            pub = -r(10, 300)
            rec = pub + r(10, 30) if competitiva else None
        creado = (pub if pub is not None else -r(0, 25)) - r(1, 10)
        return Fechas(
            creado=self.at(creado),
            publicacion=self.at(pub),
            recepcion=self.at(rec, hour=10),
            adjudicacion=self.at(adj),
            firma=self.at(firma),
            inicio=self.at(inicio, hour=8),
            fin=self.at(inicio + dias, hour=17) if inicio is not None else None,
        )

    def start_of(self, contrato: str | None, dias: int) -> int:
        """Day offset of the contract start, from its (normalised) state."""
        if contrato in v.EN_CURSO:
            return -int(dias * self.rng.uniform(0.1, 0.85)) - 1
        if contrato in v.FINALIZADOS:
            return -self.rng.randint(5, 420) - dias
        if contrato == "aprobado":
            return -self.rng.randint(0, 6)
        return -self.rng.randint(20, 300)

    def at(self, offset: int | None, hour: int | None = None) -> datetime | None:
        """A moment ``offset`` days from the reference date, in office hours in Bogotá."""
        if offset is None:
            return None
        if hour is None:
            hours, minutes = self.rng.randint(8, 17), self.rng.randrange(60)
            return self.anchor + timedelta(days=offset, hours=hours, minutes=minutes)
        return self.anchor + timedelta(days=offset, hours=hour)


def closing_dates(
    rng: random.Random, estado: str, fin: datetime | None, anchor: datetime
) -> tuple[datetime | None, datetime | None]:
    """When a finished contract was liquidated and its case file closed (None: not yet).

    Both come after the end date and before the reference date, the closure after the
    liquidation (every demo contract requires one); at most about half a year after the end.
    """
    if estado not in ("liquidado", "cerrado") or fin is None:
        return None, None
    plazo = min(anchor - 2 * HORA - fin, CIERRE_MAXIMO)
    liquidado = fin + plazo * rng.uniform(0.35, 0.6)
    if estado == "liquidado":
        return liquidado, None
    return liquidado, liquidado + (fin + plazo - liquidado) * rng.uniform(0.3, 0.9)


def latest(fechas: Fechas, anchor: datetime) -> datetime:
    """The last thing that happened to the process, as its update time."""
    moments = (fechas.creado, fechas.publicacion, fechas.adjudicacion, fechas.firma, fechas.inicio)
    return min(max(m for m in moments if m), anchor)
