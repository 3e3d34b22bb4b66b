"""Writing the index: documents from database rows, a lock-safe writer, pending repairs.

Several gunicorn workers share one index folder. Whoosh allows one writer at a time (a file
lock), so every write retries with backoff; a write that still fails leaves the ids in a
small "pending" file next to the index, replayed by the next successful write and by
`flask search check --repair`. The database write is never blocked nor undone by the index.
"""

import fcntl
import logging
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import current_app
from sqlalchemy import Select, select
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.times import datetime_to_long

from portal.extensions import db
from portal.models import Entidad, Proceso
from portal.models.vocab import clean_nit, fold
from portal.search import whoosh_fix  # noqa: F401  (before any writer is opened)
from portal.search.schema import build_schema, current_layout, layout

log = logging.getLogger(__name__)

PENDING_FILE = "pendientes.txt"
WRITE_ATTEMPTS = 8
FIRST_BACKOFF_S = 0.05
_indexes: dict[str, object] = {}


def index_dir() -> Path:
    return Path(current_app.config["SEARCH_INDEX_DIR"])


def storage(path: Path | None = None) -> FileStorage:
    """File storage without mmap: default opens copy the whole index into memory every time."""
    path = path or index_dir()
    path.mkdir(parents=True, exist_ok=True)
    return FileStorage(str(path), supports_mmap=False)


@contextmanager
def _folder_lock(path: Path) -> Iterator[None]:
    """Serialise index creation between worker processes."""
    with open(path / ".crear.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def get_index(create: bool = True):
    """Open (or create once) the index of this app; None when absent and create is False."""
    path = index_dir()
    key = str(path)
    if key in _indexes and _exists(path):
        return _indexes[key]
    if not _exists(path):
        if not create:
            return None
        store = storage(path)
        with _folder_lock(path):
            if not store.index_exists():
                store.create_index(build_schema())
    _indexes[key] = storage(path).open_index()
    return _indexes[key]


def outdated(ix) -> bool:
    """Whether the index was written with an older schema: `flask search reindex` fixes it."""
    return layout(ix.schema) != current_layout()


def _exists(path: Path) -> bool:
    return path.is_dir() and any(path.glob("_MAIN_*.toc"))


def forget_index() -> None:
    """Drop the cached index object (after the folder was rebuilt or removed)."""
    _indexes.pop(str(index_dir()), None)


# --- documents -------------------------------------------------------------------------------

_COLUMNS = (
    Proceso.id,
    Proceso.id_del_proceso,
    Proceso.id_del_portafolio,
    Proceso.referencia,
    Proceso.nombre,
    Proceso.descripcion,
    Proceso.modalidad,
    Proceso.tipo_contrato,
    Proceso.estado,
    Proceso.precio_base,
    Proceso.fecha_publicacion,
    Proceso.departamento,
    Proceso.ciudad,
    Proceso.unspsc_principal,
    Proceso.unspsc_adicionales,
    Proceso.actualizado_en,
    Entidad.nombre.label("entidad_nombre"),
    Entidad.nit.label("entidad_nit"),
)


def public_rows() -> Select:
    """Select what a document needs; drafts are never public, so never indexed."""
    return (
        select(*_COLUMNS)
        .join(Entidad, Entidad.id == Proceso.entidad_id)
        .where(Proceso.estado != "borrador")
    )


def unspsc_keys(codes: Iterable[str | None]) -> str:
    """Every level of every code, so a filter on a segment, family or class matches."""
    keys = set()
    for code in codes:
        digits = "".join(ch for ch in (code or "") if ch.isdecimal())
        if len(digits) == 8:
            keys.update((digits[:2], digits[:4], digits[:6], digits))
    return ",".join(sorted(keys))


def version_of(row) -> str:
    return row.actualizado_en.isoformat() if row.actualizado_en else ""


def document(row) -> dict:
    """Turn one row of `public_rows()` into a Whoosh document."""
    nit = clean_nit(row.entidad_nit)
    objeto = f"{row.nombre or ''}\n{row.descripcion or ''}"
    ids = [row.id_del_proceso, row.id_del_portafolio, row.referencia, nit]
    doc = {
        "pk": str(row.id),
        "ids": ",".join(i.strip().replace(",", " ") for i in ids if i and i.strip()),
        "texto": f"{objeto}\n{row.entidad_nombre or ''}\n{' '.join(i for i in ids if i)}",
        "entidad": row.entidad_nombre or "",
        "palabras": f"{objeto}\n{row.entidad_nombre or ''}",
        "estado": row.estado or "otro",
        "modalidad": fold(row.modalidad) or "-",
        "departamento": fold(row.departamento) or "-",
        "ciudad": fold(row.ciudad) or "-",
        "tipo": fold(row.tipo_contrato) or "-",
        "modalidad_f": (row.modalidad or "").strip() or "No registra",
        "departamento_f": (row.departamento or "").strip() or "No registra",
        "unspsc": unspsc_keys([row.unspsc_principal, *(row.unspsc_adicionales or [])]),
        "version": version_of(row),
    }
    # Quoted phrases: pairs of stems of the object and the entity's name, line by line. Not
    # the identifiers: their pairs are unique to each process and would only cost memory.
    doc["pares"] = doc["palabras"]
    if nit:
        doc["nit"] = nit
    if row.precio_base is not None and row.precio_base >= 0:
        doc["precio"] = int(row.precio_base)
    if row.fecha_publicacion is not None:
        # UTC, naive, in the units of Whoosh's DateRange so range filters compare directly.
        doc["fecha"] = datetime_to_long(row.fecha_publicacion.replace(tzinfo=None))
    return doc


# --- writing ---------------------------------------------------------------------------------


def open_writer(ix, **kwargs):
    """Get the index's writer, retrying with exponential backoff while another process holds it."""
    delay = FIRST_BACKOFF_S
    for attempt in range(WRITE_ATTEMPTS):
        try:
            return ix.writer(**kwargs)
        except LockError:
            if attempt == WRITE_ATTEMPTS - 1:
                raise
            time.sleep(delay * (1 + random.random()))
            delay *= 2
    raise LockError  # unreachable


def sync(ids: Iterable[int]) -> int:
    """Make the index agree with the database for these process ids; return documents written.

    Public rows are (re)indexed, drafts and deleted rows removed. A failure records the ids as
    pending instead of raising: the caller's database work has already been committed.
    """
    wanted = {int(i) for i in ids} | read_pending()
    if not wanted:
        return 0
    try:
        written = _write(wanted)
    except Exception:
        log.exception("No se pudo actualizar el índice; %d procesos quedan pendientes", len(wanted))
        add_pending(wanted)
        return 0
    clear_pending(wanted)
    return written


def _write(ids: set[int]) -> int:
    rows = []
    # A connection of its own: after commit the ORM session may not run SQL any more.
    with db.engine.connect() as conn:
        for chunk in _chunks(sorted(ids), 500):
            rows += conn.execute(public_rows().where(Proceso.id.in_(chunk))).all()
    ix = get_index()
    writer = open_writer(ix)
    try:
        for pk in ids:
            writer.delete_by_term("pk", str(pk))
        for row in rows:
            writer.add_document(**document(row))
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    return len(rows)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- pending ids -----------------------------------------------------------------------------


def _pending_path() -> Path:
    return index_dir() / PENDING_FILE


def add_pending(ids: Iterable[int]) -> None:
    try:
        path = _pending_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(
            path, "a"
        ) as handle:  # O_APPEND: small appends from several workers interleave safely
            handle.write("".join(f"{i}\n" for i in ids))
    except OSError:
        log.exception("No se pudo registrar los procesos pendientes de indexar")


def read_pending() -> set[int]:
    try:
        text = _pending_path().read_text()
    except OSError:
        return set()
    return {int(line) for line in text.split() if line.isdecimal()}


def clear_pending(done: set[int]) -> None:
    """Forget the pending ids just written, keeping any added meanwhile by another worker."""
    path = _pending_path()
    if not path.exists():
        return
    with open(path, "r+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        left = {int(x) for x in handle.read().split() if x.isdecimal()} - done
        handle.seek(0)
        handle.truncate()
        handle.write("".join(f"{i}\n" for i in sorted(left)))
        fcntl.flock(handle, fcntl.LOCK_UN)
    if not left:
        path.unlink(missing_ok=True)
