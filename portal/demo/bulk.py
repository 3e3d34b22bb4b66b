"""Buffered bulk inserts: rows pile up per table and go to the database in batches.

Tables are flushed in foreign-key order, so PostgreSQL's immediate constraints always find the
parent rows. Ids are handed out here rather than by the database because later rows (documents,
events) must point at rows that are still in a buffer.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import Table, event, func, insert, select, text

from portal.extensions import db
from portal.models import (
    Contrato,
    Cuenta,
    Documento,
    Entidad,
    Evento,
    Incumplimiento,
    Membresia,
    Modificacion,
    Proceso,
    Proveedor,
    SolicitudPago,
    User,
)
from portal.models.contract_changes import incumplimiento_documento

# Parents before children.
TABLES: tuple[Table, ...] = (
    *(
        model.__table__
        for model in (
            Cuenta, Entidad, Proveedor, User, Membresia, Proceso, Contrato, Documento,
            SolicitudPago, Modificacion, Incumplimiento,
        )
    ),
    incumplimiento_documento,
    Evento.__table__,
)  # fmt: skip
# Tables whose ids the generator assigns (Entidad and Proveedor share the ids of Cuenta).
ID_TABLES = (
    "cuenta", "usuario", "proceso", "contrato", "documento", "solicitud_pago", "modificacion",
    "incumplimiento",
)  # fmt: skip


class BulkWriter:
    """Collect rows per table and insert them with executemany once enough have piled up."""

    def __init__(self, batch_rows: int = 20_000) -> None:
        self.batch_rows = batch_rows
        self.buffers: dict[str, list[dict]] = {table.name: [] for table in TABLES}
        self.counts: dict[str, int] = dict.fromkeys(self.buffers, 0)
        self.pending = 0
        self.next_ids = {name: _max_id(name) + 1 for name in ID_TABLES}
        self.claimed: dict[str, int] = {}

    def claim(self, table: str, row_id: int) -> None:
        """Give the next row a service adds to ``table`` the id reserved for it earlier, which
        rows still in a buffer already point at."""
        self.claimed[table] = row_id

    def new_id(self, table: str) -> int:
        value = self.next_ids[table]
        self.next_ids[table] = value + 1
        return value

    @contextmanager
    def numbering_new_rows(self) -> Iterator[None]:
        """Give the rows the domain services add their ids from here too: the database's own
        sequence knows nothing of the ids handed out above, so it would hand them out again."""

        def number(session, _context, _instances) -> None:
            for row in session.new:
                table = getattr(row, "__tablename__", None)
                if table in self.next_ids and getattr(row, "id", None) is None:
                    row.id = self.claimed.pop(table, None) or self.new_id(table)

        session = db.session()
        event.listen(session, "before_flush", number)
        try:
            yield
        finally:
            event.remove(session, "before_flush", number)

    def add(self, table: str, row: dict) -> None:
        self.buffers[table].append(row)
        self.pending += 1
        if self.pending >= self.batch_rows:
            self.flush()

    def extend(self, table: str, rows: Iterable[dict]) -> None:
        for row in rows:
            self.add(table, row)

    def flush(self) -> None:
        """Insert every buffered row, parents first; nothing is committed here."""
        for table in TABLES:
            rows = self.buffers[table.name]
            if rows:
                db.session.execute(insert(table), rows)
                self.counts[table.name] += len(rows)
                self.buffers[table.name] = []
        self.pending = 0

    def finish(self) -> None:
        """Flush what is left and move PostgreSQL's id sequences past the ids we assigned."""
        self.flush()
        if db.session.get_bind().dialect.name == "postgresql":
            for name in ID_TABLES:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                        f"(SELECT MAX(id) FROM {name}))"
                    )
                )


def _max_id(table_name: str) -> int:
    table = next(t for t in TABLES if t.name == table_name)
    return db.session.scalar(select(func.coalesce(func.max(table.c.id), 0)))
