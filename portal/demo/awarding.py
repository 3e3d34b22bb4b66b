"""A detailed process's award and contract, replayed through portal.processes.award.

The process row goes in while in evaluation, with its selection documents; the service awards
it and signs its contract at the planned moments, checking its rules and logging its events
("proceso.adjudicado", "contrato.creado", "proceso.celebrado"). The contract takes the id the
demo reserved for it (later rows point at it), and afterwards both rows get the demo's own
values back: SECOP-style id, final state, funding fields, dates.
"""

from portal import access
from portal.demo import replay
from portal.demo.bulk import BulkWriter
from portal.demo.processes import Expediente
from portal.extensions import db
from portal.models import Contrato, Proceso, Proveedor, User
from portal.processes import award


def replay_award(writer: BulkWriter, exp: Expediente) -> None:
    """Award ``exp``'s process and sign its contract as its buyer did, then restore the rows."""
    if exp.adjudicacion is None:
        return
    writer.flush()  # the service reads the process, its documents and the entity's people
    c, f = exp.contrato, exp.fechas
    proceso = db.session.get(Proceso, exp.proceso_id)
    comprador = db.session.get(User, exp.entidad.comprador.id)
    with replay.at(f.adjudicacion):
        proveedor = db.session.get(Proveedor, c.proveedor.id)
        award.award(proceso, proveedor, c.valor_inicial, comprador, access.COMPRADOR)
    if c.signed_by_service:
        supervisor = db.session.get(User, c.supervisor.id)
        writer.claim("contrato", c.id)
        with replay.at(f.firma):
            contrato = award.create_contract(
                proceso, c.referencia, c.valor_inicial, (f.firma, f.inicio, f.fin),
                supervisor, comprador, access.COMPRADOR,
            )  # fmt: skip
        restore(contrato, c.fila)
    restore(proceso, exp.adjudicacion)
    db.session.flush()  # now, or a later replayed step would stamp its own moment on them


def restore(row: Proceso | Contrato, values: dict) -> None:
    """Put back the values the demo planned for the row (the service set its own)."""
    for column, value in values.items():
        setattr(row, column, value)
