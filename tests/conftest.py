"""Shared fixtures: every test gets its own database, index, upload and outbox folders.

Set PORTAL_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/portal_ci) to
run the same suite on PostgreSQL: each test then works in a schema of its own, dropped after.
"""

import itertools
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db as _db
from portal.models import Contrato, Entidad, Proceso, Proveedor

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "secop-raw"
PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")


@pytest.fixture
def database_uri(tmp_path):
    """A fresh SQLite file, or a fresh PostgreSQL schema when PORTAL_TEST_DATABASE_URL is set."""
    if not PG_URL:
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def test_config(tmp_path, database_uri):
    """Settings of the test app; tests may tweak them before the `app` fixture is built."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }


@pytest.fixture
def app(test_config):
    app = create_app(test_config)
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def shared_data() -> Path:
    """The real SECOP II files; skip the test cleanly where ../shared is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data/secop-raw no está disponible en esta máquina")
    return SHARED_DATA


_sequence = itertools.count(1)


@pytest.fixture
def make_entidad(db):
    def make(**fields) -> Entidad:
        n = next(_sequence)
        values = {"nombre": f"ALCALDÍA MUNICIPAL DE PRUEBA {n}", "nit": f"89000{n:04d}"}
        entidad = Entidad(**(values | fields))
        db.session.add(entidad)
        db.session.flush()
        return entidad

    return make


@pytest.fixture
def make_proveedor(db):
    def make(**fields) -> Proveedor:
        n = next(_sequence)
        values = {"nombre": f"CONSTRUCTORA PRUEBA {n} S.A.S.", "numero_documento": f"90100{n:04d}"}
        proveedor = Proveedor(**(values | fields))
        db.session.add(proveedor)
        db.session.flush()
        return proveedor

    return make


@pytest.fixture
def make_proceso(db, make_entidad):
    def make(**fields) -> Proceso:
        n = next(_sequence)
        values = {
            "id_del_proceso": f"CO1.REQ.{9000000 + n}",
            "id_del_portafolio": f"CO1.BDOS.{7000000 + n}",
            "referencia": f"SAMC-{n:03d}-2026",
            "nombre": "Mantenimiento de vías terciarias del municipio",
            "descripcion": "Mantenimiento rutinario y periódico de la red vial terciaria",
            "modalidad": "Selección Abreviada de Menor Cuantía",
            "tipo_contrato": "Obra",
            "estado_publicado": "Publicado",
            "estado": "publicado",
            "precio_base": 180_000_000,
            "fecha_publicacion": datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
            "departamento": "Bolívar",
            "ciudad": "Cartagena",
        }
        values |= fields
        if "entidad" not in values and "entidad_id" not in values:
            values["entidad"] = make_entidad()
        proceso = Proceso(**values)
        db.session.add(proceso)
        db.session.flush()
        return proceso

    return make


@pytest.fixture
def make_contrato(db, make_proceso, make_proveedor):
    def make(**fields) -> Contrato:
        n = next(_sequence)
        proceso = fields.pop("proceso", None) or make_proceso()
        values = {
            "id_contrato": f"CO1.PCCNTR.{5000000 + n}",
            "referencia": f"CTO-{n:03d}-2026",
            "proceso": proceso,
            "proceso_de_compra": proceso.id_del_portafolio,
            "entidad": proceso.entidad,
            "proveedor": make_proveedor(),
            "objeto": proceso.descripcion,
            "tipo_contrato": proceso.tipo_contrato,
            "modalidad": proceso.modalidad,
            "estado_publicado": "En ejecución",
            "estado": "en_ejecucion",
            "valor": 175_000_000,
            "fecha_firma": datetime(2026, 4, 10, 14, 0, tzinfo=UTC),
        }
        contrato = Contrato(**(values | fields))
        db.session.add(contrato)
        db.session.flush()
        return contrato

    return make
