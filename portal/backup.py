"""Backups: one archive with the database, the uploaded files and the instance configuration.

The archive is a ``.tar.gz`` written as a stream (nothing is held in memory whole):

- ``database/portal.sqlite3``: on SQLite, a snapshot taken with SQLite's online backup API,
  consistent even while the portal keeps writing;
- ``database/<table>.jsonl``: on any other engine (PostgreSQL), every table of the models dumped
  row by row inside one REPEATABLE READ transaction (a consistent snapshot). We chose this
  portable dump over ``pg_dump`` because it needs no client binary whose version must match the
  server's, and restores into any engine; large installations can add ``pg_dump`` (README);
- ``uploads/...``: the content-addressed file store; ``instance/config.py`` and
  ``instance/secret_key`` when present;
- ``manifest.json`` (last): format, engine, schema revision, row counts and the SHA-256 and size
  of every other member. Restoring checks every checksum before it changes anything.

The search index is not archived: ``restore`` rebuilds it from the restored database.
"""

import base64
import hashlib
import json
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import Integer, delete, func, inspect, select, text
from sqlalchemy.engine import make_url

from portal.extensions import db
from portal.models.types import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/portal.sqlite3"
CONFIG_FILES = ("config.py", "secret_key")
BATCH = 1000
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Spanish."""


class HashingReader:
    """A file wrapper that hashes what tarfile reads through it."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        return data


# --- writing ----------------------------------------------------------------------------------


def create(destination: Path) -> dict:
    """Write the archive to ``destination`` and return its manifest."""
    manifest = {"formato": FORMAT, "creado": utcnow().isoformat(), "archivos": {}}
    manifest |= {"motor": db.engine.dialect.name, "revision": schema_revision()}
    partial = destination.with_name(destination.name + ".parcial")
    with tempfile.TemporaryDirectory() as work, tarfile.open(partial, "w:gz") as archive:
        files = manifest["archivos"]
        if is_sqlite():
            snapshot = Path(work) / "portal.sqlite3"
            sqlite_snapshot(snapshot)
            add_file(archive, files, snapshot, SQLITE_MEMBER)
            snapshot.unlink()
        else:
            manifest["tablas"] = dump_tables(archive, files, Path(work))
        for path, member in tree(Path(current_app.config["UPLOAD_DIR"]), "uploads"):
            add_file(archive, files, path, member)
        for name in CONFIG_FILES:
            path = Path(current_app.instance_path) / name
            if path.is_file():
                add_file(archive, files, path, f"instance/{name}")
        add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
    partial.replace(destination)
    return manifest


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


def sqlite_path() -> Path:
    database = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
    if not database or database == ":memory:":
        raise BackupError("La base de datos SQLite está en memoria: no hay nada que respaldar.")
    return Path(database)


def sqlite_snapshot(target: Path) -> None:
    """Copy the live database page by page with SQLite's online backup API."""
    source = sqlite3.connect(sqlite_path())
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def schema_revision() -> str | None:
    if not inspect(db.engine).has_table("alembic_version"):
        return None
    return db.session.scalar(text("SELECT version_num FROM alembic_version"))


def tree(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            yield path, f"{prefix}/{path.relative_to(folder).as_posix()}"


def add_file(archive: tarfile.TarFile, files: dict, path: Path, member: str) -> None:
    info = tarfile.TarInfo(member)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o600
    with path.open("rb") as raw:
        reader = HashingReader(raw)
        archive.addfile(info, reader)
    files[member] = {"sha256": reader.sha256.hexdigest(), "bytes": info.size}


def add_bytes(archive: tarfile.TarFile, member: str, data: bytes) -> None:
    info = tarfile.TarInfo(member)
    info.size = len(data)
    info.mtime = int(utcnow().timestamp())
    info.mode = 0o600
    with tempfile.SpooledTemporaryFile() as buffer:
        buffer.write(data)
        buffer.seek(0)
        archive.addfile(info, buffer)


def dump_tables(archive: tarfile.TarFile, files: dict, work: Path) -> dict[str, int]:
    """Dump every model table inside one consistent snapshot; return the row counts."""
    counts = {}
    with db.engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            for table in db.metadata.sorted_tables:
                dump_file = work / f"{table.name}.jsonl"
                counts[table.name] = write_rows(connection, table, dump_file)
                add_file(archive, files, dump_file, f"database/{table.name}.jsonl")
                dump_file.unlink()
    return counts


def write_rows(connection, table, dump_file: Path) -> int:
    columns = [c.name for c in table.columns]
    rows = 0
    with dump_file.open("w", encoding="utf-8") as out:
        out.write(json.dumps(columns) + "\n")
        result = connection.execution_options(yield_per=BATCH).execute(select(table))
        for row in result:
            out.write(json.dumps([encode(v) for v in row], ensure_ascii=False) + "\n")
            rows += 1
    return rows


def encode(value):
    """JSON for one column value; anything JSON cannot say natively is tagged."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes | memoryview):
        return {"$b": base64.b64encode(bytes(value)).decode()}
    return {"$j": value}  # JSON columns (dicts, lists)


def decode(value):
    if not isinstance(value, dict):
        return value
    (tag, raw), *_ = value.items()
    readers = {
        "$dt": datetime.fromisoformat,
        "$d": date.fromisoformat,
        "$t": time.fromisoformat,
        "$dec": Decimal,
        "$b": base64.b64decode,
        "$j": lambda v: v,
    }
    return readers[tag](raw)


# --- reading ----------------------------------------------------------------------------------


def restore(source: Path, replace: bool = False) -> dict:
    """Bring back the database, the uploads and the configuration from ``source``."""
    # Stage next to the instance (same disk as the data), not in a possibly small /tmp.
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=current_app.instance_path, prefix=".restaurando-") as work:
        staging = Path(work)
        manifest = unpack_verified(source, staging)
        check_compatible(manifest, replace)
        if manifest["motor"] == "sqlite" and is_sqlite():
            restore_sqlite(staging / SQLITE_MEMBER)
        elif manifest["motor"] == "sqlite":
            raise BackupError(
                "Esta copia es de una base SQLite y el portal usa otro motor: restáurela en SQLite."
            )
        else:
            load_tables(staging / "database")
        copy_tree(staging / "uploads", Path(current_app.config["UPLOAD_DIR"]))
        restore_config(staging / "instance")
    return manifest


def unpack_verified(source: Path, staging: Path) -> dict:
    """Extract every member to ``staging`` checking its SHA-256 against the manifest."""
    try:
        with tarfile.open(source, "r:gz") as archive:
            manifest = json.load(archive.extractfile(archive.getmember(MANIFEST)))
            expected = manifest["archivos"]
            seen = set()
            for member in archive:
                if member.name == MANIFEST:
                    continue
                if member.name not in expected or not member.isfile():
                    raise BackupError(
                        f"La copia tiene un archivo que no está en el índice: {member.name}"
                    )
                target = safe_target(staging, member.name)
                digest = extract_hashing(archive, member, target)
                if digest != expected[member.name]["sha256"]:
                    raise BackupError(
                        f"La copia está dañada: {member.name} no coincide con su suma."
                    )
                seen.add(member.name)
    except (tarfile.TarError, KeyError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"No se pudo leer la copia de seguridad ({error}).") from error
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"A la copia le faltan {len(missing)} archivos, p. ej. {min(missing)}.")
    return manifest


def safe_target(staging: Path, name: str) -> Path:
    target = (staging / name).resolve()
    if not target.is_relative_to(staging.resolve()):
        raise BackupError(f"La copia tiene una ruta no permitida: {name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def extract_hashing(archive: tarfile.TarFile, member: tarfile.TarInfo, target: Path) -> str:
    digest = hashlib.sha256()
    with archive.extractfile(member) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return digest.hexdigest()


def check_compatible(manifest: dict, replace: bool) -> None:
    if manifest.get("formato") != FORMAT:
        raise BackupError("Esta copia es de un formato que esta versión del portal no conoce.")
    current = schema_revision()
    if manifest.get("revision") and current and manifest["revision"] != current:
        raise BackupError(
            f"La copia es del esquema {manifest['revision']} y la base está en {current}: "
            "instale la versión del portal que corresponde a la copia."
        )
    if not replace and not database_is_empty():
        raise BackupError(
            "La base de datos no está vacía. Use --reemplazar para sustituir su contenido."
        )


def database_is_empty() -> bool:
    present = set(inspect(db.engine).get_table_names())
    tables = [t for t in db.metadata.sorted_tables if t.name in present]
    return all(db.session.scalar(select(func.count()).select_from(t)) == 0 for t in tables)


def restore_sqlite(snapshot: Path) -> None:
    """Copy the snapshot into the live database file with the same online backup API."""
    db.session.remove()
    db.engine.dispose()
    source = sqlite3.connect(snapshot)
    target = sqlite3.connect(sqlite_path())
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def load_tables(folder: Path) -> None:
    """Replace every table's rows with the dumped ones, in one transaction."""
    tables = db.metadata.sorted_tables
    with db.engine.begin() as connection:
        for table in reversed(tables):
            connection.execute(delete(table))
        for table in tables:
            dump_file = folder / f"{table.name}.jsonl"
            if dump_file.is_file():
                insert_rows(connection, table, dump_file)
        if connection.dialect.name == "postgresql":
            reset_sequences(connection, tables)


def insert_rows(connection, table, dump_file: Path) -> None:
    with dump_file.open(encoding="utf-8") as lines:
        columns = json.loads(next(lines))
        batch = []
        for line in lines:
            batch.append(dict(zip(columns, map(decode, json.loads(line)), strict=True)))
            if len(batch) == BATCH:
                connection.execute(table.insert(), batch)
                batch = []
        if batch:
            connection.execute(table.insert(), batch)


def reset_sequences(connection, tables) -> None:
    """Move each id sequence past the restored ids, or the next insert would collide."""
    for table in tables:
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer) and column.autoincrement is not False:
                connection.execute(
                    text(
                        "SELECT setval(pg_get_serial_sequence(:t, :c), "
                        f'COALESCE((SELECT MAX("{column.name}") FROM "{table.name}"), 0) + 1, false)'
                    ),
                    {"t": table.name, "c": column.name},
                )


def copy_tree(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def restore_config(source: Path) -> None:
    """Put config.py and secret_key back; a different current file is kept as *.anterior."""
    instance = Path(current_app.instance_path)
    for name in CONFIG_FILES:
        restored = source / name
        if not restored.is_file():
            continue
        current = instance / name
        if current.is_file() and current.read_bytes() != restored.read_bytes():
            shutil.copy2(current, current.with_name(name + ".anterior"))
        instance.mkdir(parents=True, exist_ok=True)
        shutil.copy2(restored, current)
        current.chmod(0o600)
