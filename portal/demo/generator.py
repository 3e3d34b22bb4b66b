"""Generate the whole demo in one transaction: accounts, processes, contracts, documents.

The same seed and reference date always give the same rows (ids, names, values, dates), because
every choice comes from one seeded random generator and no value depends on the clock.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from portal.demo.accounts import DEMO_LOGINS, AccountBuilder
from portal.demo.bulk import BulkWriter
from portal.demo.expediente import ExpedienteWriter
from portal.demo.pdf import PdfStore
from portal.demo.processes import ProcessGenerator
from portal.demo.replay import request_context
from portal.extensions import db
from portal.models import (
    Contrato,
    Documento,
    Evento,
    Incumplimiento,
    Modificacion,
    Proceso,
    SolicitudPago,
    User,
)

DEFAULT_PROCESSES = 300
DEFAULT_SEED = 2026
# Dates are laid out around this day: open processes close after it, old contracts are closed.
DEFAULT_REFERENCE_DATE = date(2026, 11, 15)
# Processes beyond this many get a lighter case file that shares a pool of PDFs.
DETAILED_PROCESSES = 400
PROGRESS_EVERY = 1_000


@dataclass(frozen=True)
class DemoSummary:
    entidades: int
    proveedores: int
    usuarios: int
    procesos: int
    contratos: int
    documentos: int
    archivos_pdf: int
    eventos: int
    segundos: float
    solicitudes_pago: int = 0
    modificaciones: int = 0
    incumplimientos: int = 0


class DemoAlreadyLoaded(RuntimeError):
    """The database already holds processes or the demo users: seeding would mix data."""


def database_is_empty() -> bool:
    """True when there is no process and none of the demo users exists yet."""
    if db.session.scalar(select(Proceso.id).limit(1)) is not None:
        return False
    usuarios = [login.usuario for login in DEMO_LOGINS]
    return not db.session.scalar(select(func.count(User.id)).where(User.usuario.in_(usuarios)))


def generate(
    processes: int = DEFAULT_PROCESSES,
    seed: int = DEFAULT_SEED,
    *,
    reference_date: date = DEFAULT_REFERENCE_DATE,
    documents: bool = True,
    detailed: int = DETAILED_PROCESSES,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with the synthetic demo and commit; return what was created."""
    if processes < 1:
        raise ValueError("processes must be at least 1")
    if not database_is_empty():
        raise DemoAlreadyLoaded()
    started = time.perf_counter()
    antes = _rows_written_by_services()
    rng = random.Random(seed)
    writer = BulkWriter()
    accounts_created = datetime(reference_date.year - 1, 1, 15, 14, tzinfo=UTC)
    builder = AccountBuilder(writer, rng, accounts_created)
    cuentas = builder.build(processes)
    generator = ProcessGenerator(writer, rng, cuentas, reference_date, builder.contratista)
    pdfs = PdfStore()
    expedientes = ExpedienteWriter(writer, rng, pdfs, generator.anchor) if documents else None
    try:
        with request_context(), writer.numbering_new_rows():
            for n in range(processes):
                # Payments, modifications and breaches need their documents: only with them.
                expediente = generator.add(n, detailed=documents and n < detailed)
                if expedientes is not None:
                    expedientes.write(expediente, detailed=n < detailed)
                if progress and (n + 1) % PROGRESS_EVERY == 0:
                    progress(PROGRESS_EVERY)
        writer.finish()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    if progress:
        progress(processes % PROGRESS_EVERY)
    return _summary(writer, pdfs, time.perf_counter() - started, antes)


def _rows_written_by_services() -> dict[str, int]:
    """Rows that the domain services add too, not only the bulk writer."""
    return {
        model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Contrato, Documento, Evento, Incumplimiento, Modificacion, SolicitudPago)
    }


def _summary(writer: BulkWriter, pdfs: PdfStore, seconds: float, antes: dict) -> DemoSummary:
    counts = writer.counts | {
        tabla: total - antes[tabla] for tabla, total in _rows_written_by_services().items()
    }
    return DemoSummary(
        entidades=counts["entidad"],
        proveedores=counts["proveedor"],
        usuarios=counts["usuario"],
        procesos=counts["proceso"],
        contratos=counts["contrato"],
        documentos=counts["documento"],
        archivos_pdf=pdfs.rendered,
        eventos=counts["evento"],
        segundos=round(seconds, 2),
        solicitudes_pago=counts["solicitud_pago"],
        modificaciones=counts["modificacion"],
        incumplimientos=counts["incumplimiento"],
    )
