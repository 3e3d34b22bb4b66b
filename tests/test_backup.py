"""`flask backup` / `flask restore`: database, uploads and configuration, checked by checksums.

Runs on SQLite (online backup API) and, with PORTAL_TEST_DATABASE_URL, on PostgreSQL (the
portable table dump).
"""

import hashlib
import io
import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal import search, storage
from portal.extensions import db as _db
from portal.models import Contrato, Documento, Proceso, User


@pytest.fixture
def filled(app, db, make_contrato, make_documento, make_user):
    """A contract with a stored document, a user, and the instance configuration files."""
    contrato = make_contrato()
    documento = make_documento(content=b"%PDF-1.4 pliego " * 500, proceso=contrato.proceso)
    make_user(nombres="Ana María Pérez")
    db.session.commit()
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    (instance / "config.py").write_text('SITE_NAME = "Portal de Prueba"\n')
    (instance / "secret_key").write_text("clave-de-prueba")
    search.reindex()
    return {
        "proceso": contrato.proceso.id_del_proceso,
        "contrato": contrato.id_contrato,
        "sha256": documento.sha256,
        "bytes": storage.path_of(documento.sha256).read_bytes(),
    }


def run_backup(runner, destination: Path) -> dict:
    result = runner.invoke(args=["backup", "--destino", str(destination)])
    assert result.exit_code == 0, result.output
    with tarfile.open(destination, "r:gz") as archive:
        return json.load(archive.extractfile("manifest.json"))


def wipe(app) -> None:
    """Lose everything the backup should bring back."""
    _db.session.remove()
    _db.drop_all()
    _db.create_all()
    shutil.rmtree(app.config["UPLOAD_DIR"])
    for name in ("config.py", "secret_key"):
        (Path(app.instance_path) / name).unlink()


def counts() -> dict[str, int]:
    _db.session.remove()
    models = (Proceso, Contrato, Documento, User)
    return {m.__name__: _db.session.scalar(select(func.count()).select_from(m)) for m in models}


def test_backup_and_restore_bring_everything_back(app, runner, filled, tmp_path):
    before = counts()
    manifest = run_backup(runner, tmp_path / "copia.tar.gz")
    assert manifest["motor"] == _db.engine.dialect.name
    members = manifest["archivos"]
    assert "instance/config.py" in members and "instance/secret_key" in members
    assert any(name.endswith(filled["sha256"]) for name in members)
    wipe(app)
    assert counts()["Proceso"] == 0

    result = runner.invoke(args=["restore", str(tmp_path / "copia.tar.gz")])

    assert result.exit_code == 0, result.output
    assert counts() == before
    assert storage.path_of(filled["sha256"]).read_bytes() == filled["bytes"]
    instance = Path(app.instance_path)
    assert (instance / "secret_key").read_text() == "clave-de-prueba"
    assert "Portal de Prueba" in (instance / "config.py").read_text()
    client = app.test_client()
    assert client.get(f"/contratos/{filled['contrato']}").status_code == 200
    assert filled["proceso"] in client.get("/procesos?q=vias").text


def test_every_member_matches_its_checksum(runner, filled, tmp_path):
    manifest = run_backup(runner, tmp_path / "copia.tar.gz")
    with tarfile.open(tmp_path / "copia.tar.gz", "r:gz") as archive:
        names = [m.name for m in archive.getmembers()]
        for name, expected in manifest["archivos"].items():
            data = archive.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == expected["sha256"]
            assert len(data) == expected["bytes"]
    assert names[-1] == "manifest.json"
    assert set(names[:-1]) == set(manifest["archivos"])


def test_restore_refuses_a_database_with_data_unless_told(
    app, runner, filled, make_proceso, tmp_path
):
    run_backup(runner, tmp_path / "copia.tar.gz")
    make_proceso(nombre="Proceso creado después de la copia")
    _db.session.commit()
    refused = runner.invoke(args=["restore", str(tmp_path / "copia.tar.gz")])
    assert refused.exit_code != 0
    assert "--reemplazar" in refused.output
    assert counts()["Proceso"] == 2

    replaced = runner.invoke(args=["restore", str(tmp_path / "copia.tar.gz"), "--reemplazar"])

    assert replaced.exit_code == 0, replaced.output
    assert counts()["Proceso"] == 1
    # The ids keep counting after the restored ones (PostgreSQL sequences are moved on).
    make_proceso(nombre="Uno nuevo")
    _db.session.commit()


def test_a_damaged_archive_changes_nothing(app, runner, filled, tmp_path):
    good = tmp_path / "copia.tar.gz"
    run_backup(runner, good)
    damaged = tmp_path / "danada.tar.gz"
    with tarfile.open(good, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("uploads/"):
                data = b"X" + data[1:]
            target.addfile(member, io.BytesIO(data))
    wipe(app)

    result = runner.invoke(args=["restore", str(damaged)])

    assert result.exit_code != 0
    assert "dañada" in result.output
    assert counts()["Proceso"] == 0
    assert not Path(app.config["UPLOAD_DIR"]).exists()


def test_not_an_archive_is_a_clear_error(runner, tmp_path):
    bogus = tmp_path / "no-es-copia.tar.gz"
    bogus.write_bytes(b"esto no es un archivo tar")
    result = runner.invoke(args=["restore", str(bogus)])
    assert result.exit_code != 0
    assert "No se pudo leer la copia" in result.output


@pytest.mark.skipif(
    "postgresql" in (__import__("os").environ.get("PORTAL_TEST_DATABASE_URL") or ""),
    reason="the snapshot test uses SQLite's own locking",
)
def test_sqlite_snapshot_ignores_uncommitted_writes(app, runner, filled, tmp_path):
    """The online backup copies committed pages only: a half-done write is not in the copy."""
    writer = sqlite3.connect(_db.engine.url.database)
    writer.execute("BEGIN")
    writer.execute("UPDATE proceso SET nombre = 'a medio escribir'")
    try:
        manifest = run_backup(runner, tmp_path / "copia.tar.gz")
    finally:
        writer.rollback()
        writer.close()
    with tarfile.open(tmp_path / "copia.tar.gz", "r:gz") as archive:
        archive.extract("database/portal.sqlite3", tmp_path, filter="data")
    copy = sqlite3.connect(tmp_path / "database" / "portal.sqlite3")
    names = [row[0] for row in copy.execute("SELECT nombre FROM proceso")]
    copy.close()
    assert names and "a medio escribir" not in names
    assert "database/portal.sqlite3" in manifest["archivos"]
