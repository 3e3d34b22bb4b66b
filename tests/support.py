"""Helpers shared by test modules (import them from here, never from conftest).

A module name of its own avoids the clash between tests/conftest.py and tests/browser/conftest.py,
which Python would both import as "conftest".
"""

import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flask import session
from sqlalchemy import event, select

from portal.access import choose_membership
from portal.extensions import db as _db
from portal.models import Contrato, Documento, Membresia, User
from portal.uploads.tus import encode_metadata
from portal.users.sessions import start_session

TEST_PASSWORD = "Cl4ve-de-prueba!"


def sign_in(client, user, membresia=None) -> None:
    """Give ``client`` a real signed-in session of ``user`` (no e-mailed code), like a login does.

    Sessions are checked server-side on every request, so a hand-made ``_user_id`` no longer works.
    """
    with client.application.test_request_context(environ_base=client.environ_base):
        start_session(user)
        if membresia is not None:
            choose_membership(membresia)
        values = dict(session)
        _db.session.commit()
    with client.session_transaction() as sess:
        sess.clear()
        sess.update(values)


# --- the people around one contract (the `partes` fixture) ----------------------------------

# Ended long ago / ends far in the future, whatever today's date is.
PASADO = datetime(2025, 1, 31, 5, 0, tzinfo=UTC)
FUTURO = datetime(2099, 12, 31, 5, 0, tzinfo=UTC)


@dataclass
class Partes:
    contrato: Contrato
    comprador: User
    administrador: User
    contratista: User
    supervisor: User
    membresias: dict[int, Membresia]

    def sign_in(self, client, user: User):
        """Log ``client`` in as ``user``, acting through their membership (if any)."""
        sign_in(client, user, self.membresias.get(user.id))
        return client


# --- Mis contratos: the contractor and the supervisor of one contract (`my_contract`) -------


@dataclass
class MyContract:
    contrato: Contrato
    contratista: User
    supervisor: User
    c_contratista: object  # test clients, each signed in as its person
    c_supervisor: object


def pdf_from_text(text: str = "informe") -> bytes:
    """A small PDF whose bytes depend on ``text`` (so two files never share a hash)."""
    return b"%PDF-1.7\n" + hashlib.sha256(text.encode()).digest() * 200


def seccion_url(contrato, seccion: str = "ejecucion") -> str:
    return f"/mis-contratos/{contrato.id_contrato}/{seccion}"


def subir(
    client,
    contrato,
    nombre="Informe marzo.pdf",
    data=None,
    proposito="documento_contrato",
    **campos,
):
    """Upload as a browser without JavaScript does: the plain multipart form."""
    values = {"proposito": proposito, "contrato_id": str(contrato.id), "tipo": "informe_ejecucion"}
    values |= campos | {"archivo": (io.BytesIO(data or pdf_from_text(nombre)), nombre)}
    return client.post("/subidas/formulario", data=values, content_type="multipart/form-data")


def documento_llamado(db, nombre: str) -> Documento:
    return db.session.scalar(select(Documento).where(Documento.nombre_archivo == nombre))


# --- uploads: a tus client, files of a given size, what the store holds ---------------------

TUS = {"Tus-Resumable": "1.0.0"}
UPLOAD_LIMIT = 200_000  # the MAX_UPLOAD_BYTES the upload tests run with


def pdf(size: int = 50_000, seed: bytes = b"a") -> bytes:
    """A PDF of exactly ``size`` bytes; another ``seed`` gives other bytes."""
    body = hashlib.sha256(seed).digest() * (size // 32 + 1)
    return (b"%PDF-1.7\n" + body)[:size]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def documentos(db) -> list[Documento]:
    return list(db.session.scalars(select(Documento).order_by(Documento.id)))


def store_files(app) -> list[Path]:
    """Files of the public store (partial/ and tmp/ are not the store)."""
    root = Path(app.config["UPLOAD_DIR"])
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and p.relative_to(root).parts[0] not in ("partial", "tmp")
    ]


class TusClient:
    """A minimal tus client over the Flask test client."""

    def __init__(self, client, contrato_id: int | None) -> None:
        self.client, self.contrato_id = client, contrato_id

    def open(self, url, method="GET", **kwargs):
        return self.client.open(url, method=method, **kwargs)

    def create(self, name="informe.pdf", data=b"", length=None, **metadata):
        meta = {
            "filename": name,
            "proposito": "documento_contrato",
            "contrato_id": str(self.contrato_id),
        }
        if data:
            meta["sha256"] = sha(data)
        meta |= metadata
        length = len(data) if length is None else length
        headers = TUS | {"Upload-Length": str(length), "Upload-Metadata": encode_metadata(meta)}
        return self.open("/subidas/tus", "POST", headers=headers)

    def start(self, name="informe.pdf", data=b"", **metadata) -> str:
        response = self.create(name, data, **metadata)
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.headers["Location"]

    def patch(self, url, offset, chunk, checksum=None, content_length=None):
        headers = TUS | {
            "Upload-Offset": str(offset),
            "Content-Type": "application/offset+octet-stream",
        }
        if checksum:
            headers["Upload-Checksum"] = checksum
        if content_length is not None:  # a body shorter than announced: a dropped connection
            return self.open(
                url,
                "PATCH",
                headers=headers,
                input_stream=io.BytesIO(chunk),
                content_length=content_length,
            )
        return self.open(url, "PATCH", headers=headers, data=chunk)

    def head(self, url):
        return self.open(url, "HEAD", headers=TUS)

    def send_all(self, url, data, chunk=16_384, start=0):
        response = None
        for offset in range(start, len(data), chunk):
            response = self.patch(url, offset, data[offset : offset + chunk])
            assert response.status_code == 204, response.get_data(as_text=True)
        return response


def queries_of(db, client, url: str, headers=None) -> int:
    """How many SQL statements one request for ``url`` runs, with nothing cached in the session."""
    db.session.close()
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(url, headers=headers or {}).status_code in (200, 304)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)
