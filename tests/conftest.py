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
from flask import g
from support import PASADO, TEST_PASSWORD, MyContract, Partes, sign_in

from portal import create_app
from portal.extensions import db as _db
from portal.models import Contrato, Entidad, Proceso, Proveedor

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "secop-raw"
PG_URL = os.environ.get("PORTAL_TEST_DATABASE_URL")
PER_REQUEST_G_KEYS = ("_login_user", "membresia_activa")


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
        # A cheap hash keeps the suite fast; production uses scrypt.
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }


@pytest.fixture
def app(test_config):
    app = create_app(test_config)
    # Requests reuse the test's app context (and so its `g`): forget the user and the active
    # membership cached there, or one test client's login would leak into the next request.
    app.teardown_request(lambda exc: [g.pop(key, None) for key in PER_REQUEST_G_KEYS])
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


@pytest.fixture
def make_documento(db, make_proceso):
    """Store real bytes through the content-addressed store and add their Documento row."""
    from portal import storage
    from portal.models import Documento

    def make(content: bytes | None = None, **fields) -> Documento:
        n = next(_sequence)
        data = content if content is not None else f"%PDF-1.4 documento de prueba {n}".encode()
        stored = storage.save_bytes(data)
        values = {
            "etapa": "precontractual",
            "tipo": "pliego_definitivo",
            "nombre_archivo": f"documento-{n}.pdf",
            "content_type": "application/pdf",
            "estado": "publicado",
            "cargado_en": datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
        }
        values |= fields
        if "proceso" not in values and "contrato" not in values and "contrato_id" not in values:
            values.setdefault("proceso", make_proceso())
        documento = Documento(**values, tamano=stored.size, sha256=stored.sha256)
        db.session.add(documento)
        db.session.flush()
        return documento

    return make


class Outbox:
    """The messages the app wrote to OUTBOX_DIR (no mail server configured), oldest first."""

    def __init__(self, folder: Path):
        self.folder = folder

    @property
    def messages(self) -> list:
        import email
        import email.policy

        files = sorted(self.folder.glob("*.eml")) if self.folder.is_dir() else []
        return [
            email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files
        ]

    def __len__(self) -> int:
        return len(self.messages)

    def last(self, to: str | None = None):
        found = [m for m in self.messages if to is None or to in m["To"]]
        assert found, f"no e-mail for {to or 'anyone'} in the outbox"
        return found[-1]

    @staticmethod
    def text(message) -> str:
        return message.get_body(("plain",)).get_content()

    def last_code(self, to: str | None = None) -> str:
        """The 6-digit code of the newest message (to ``to``)."""
        import re

        match = re.search(r"\b(\d{6})\b", self.text(self.last(to)))
        assert match, "the last e-mail has no 6-digit code"
        return match.group(1)


@pytest.fixture
def outbox(app) -> Outbox:
    return Outbox(Path(app.config["OUTBOX_DIR"]))


@pytest.fixture
def clock(monkeypatch):
    """Stand in for portal.clock, the one clock every rule reads: 2 March 2026, 10:00 in Bogotá.

    ``advance(minutes=...)`` moves it; setting ``current`` jumps to an instant. Request it before
    fixtures that sign people in, so their login sessions start on this clock too.
    """
    from datetime import timedelta

    class Clock:
        current = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)

        def now(self) -> datetime:
            return self.current

        def advance(self, **delta) -> None:
            self.current += timedelta(**delta)

    fake = Clock()
    monkeypatch.setattr("portal.clock._source", fake.now)
    return fake


@pytest.fixture
def make_user(app, db):
    """An active user whose password is TEST_PASSWORD unless given."""
    from werkzeug.security import generate_password_hash

    from portal.models import User

    def make(password: str = TEST_PASSWORD, **fields) -> "User":
        n = next(_sequence)
        values = {
            "usuario": f"usuario{n}",
            "email": f"usuario{n}@prueba.gov.co",
            "nombres": f"Usuaria De Prueba {n}",
            "numero_documento": f"10{n:08d}",
            "estado": "activo",
            "password_hash": generate_password_hash(
                password, method=app.config["PASSWORD_HASH_METHOD"]
            ),
        }
        user = User(**(values | fields))
        db.session.add(user)
        db.session.flush()
        return user

    return make


@pytest.fixture
def login_as(app, db, client, make_user, make_entidad, make_proveedor):
    """Log a test client in, skipping the e-mailed code: ``login_as("comprador", cuenta=entidad)``.

    Creates an active user (or uses ``user=``), optionally an accepted membership with ``rol`` in
    ``cuenta`` (a new Entidad, or a Proveedor for rol "proveedor") made the active account, and
    returns the user. ``client=`` logs in another client.
    """
    from portal.models import Membresia

    def login(rol: str | None = None, cuenta=None, *, user=None, client=client, **user_fields):
        user = user or make_user(**user_fields)
        membresia = None
        if rol is not None:
            cuenta = cuenta or (make_proveedor() if rol == "proveedor" else make_entidad())
            membresia = Membresia(usuario=user, cuenta=cuenta, rol=rol, estado="aceptado")
            db.session.add(membresia)
            db.session.flush()
        sign_in(client, user, membresia)
        return user

    return login


# --- scenes shared by several test modules --------------------------------------------------


def _member(db, user, cuenta, rol: str):
    from portal.models import Membresia

    membresia = Membresia(usuario=user, cuenta=cuenta, rol=rol, estado="aceptado")
    db.session.add(membresia)
    db.session.flush()
    return membresia


@pytest.fixture
def partes(db, make_contrato, make_user) -> Partes:
    """A contract in execution, ended long ago, and every person with a role on it."""
    contrato = make_contrato(fecha_inicio=datetime(2024, 2, 1, 5, 0, tzinfo=UTC), fecha_fin=PASADO)
    comprador, administrador, contratista, supervisor = (make_user() for _ in range(4))
    membresias = {
        comprador.id: _member(db, comprador, contrato.entidad, "comprador"),
        administrador.id: _member(db, administrador, contrato.entidad, "administrador"),
        contratista.id: _member(db, contratista, contrato.proveedor, "proveedor"),
    }
    contrato.supervisor = supervisor
    db.session.commit()
    return Partes(contrato, comprador, administrador, contratista, supervisor, membresias)


@pytest.fixture
def my_contract(app, db, login_as, make_user, make_contrato) -> MyContract:
    """A contract seen from Mis contratos: a client signed in as its contractor, one as its supervisor."""
    supervisor = make_user(nombres="Sofía Supervisora")
    contrato = make_contrato(supervisor=supervisor, valor=10_000_000)
    c_contratista, c_supervisor = app.test_client(), app.test_client()
    contratista = login_as(
        "proveedor", cuenta=contrato.proveedor, client=c_contratista, nombres="Ana Contratista"
    )
    login_as("supervisor", cuenta=contrato.entidad, user=supervisor, client=c_supervisor)
    db.session.commit()
    return MyContract(contrato, contratista, supervisor, c_contratista, c_supervisor)


@pytest.fixture
def contrato(make_contrato) -> Contrato:
    return make_contrato()


@pytest.fixture
def contratista(db, make_user, contrato):
    """A user accepted as "proveedor" in the account of the contractor of ``contrato``."""
    user = make_user(nombres="Ana Contratista")
    _member(db, user, contrato.proveedor, "proveedor")
    db.session.commit()
    return user
