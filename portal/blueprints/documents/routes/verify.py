"""'Verificar archivo': does a file match a published document? Only its SHA-256 is compared.

With JavaScript the browser hashes the file and sends the hash (GET). Without it the file is
uploaded (POST) and hashed while it streams in: it is never written anywhere.
"""

import hashlib

from flask import current_app, render_template, request
from flask_wtf.csrf import validate_csrf
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from wtforms import ValidationError

from portal.blueprints.documents import bp
from portal.expediente.published import parse_sha256, published_matches
from portal.extensions import csrf, limiter
from portal.formatting import tamano

MULTIPART_OVERHEAD = 64 * 1024


class UploadTooLarge(Exception):
    """The uploaded file went past MAX_UPLOAD_BYTES."""


class _HashingSink:
    """Where the upload parser writes the file: it hashes and counts, and keeps nothing."""

    def __init__(self, limit: int) -> None:
        self.digest = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise UploadTooLarge
        self.digest.update(data)
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def read(self, size: int = -1) -> bytes:
        return b""


@bp.get("/verificar")
def verify():
    texto = request.args.get("sha256")
    if texto is None:
        return render_template("documents/verificar.html")
    sha256 = parse_sha256(texto)
    if sha256 is None:
        error = "La huella no es válida: un SHA-256 tiene 64 caracteres entre 0-9 y a-f. Cópiela completa o suba el archivo."
        return render_template("documents/verificar.html", error=error, texto=texto[:200]), 400
    return _answer(sha256, origen="huella")


@bp.post("/verificar")
@csrf.exempt  # checked below, after the upload has been hashed without being stored
@limiter.limit("30 per minute")
def verify_file():
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    parser = FormDataParser(
        stream_factory=lambda **_: _HashingSink(limit),
        max_content_length=limit + MULTIPART_OVERHEAD,
        silent=False,
    )
    try:
        _, form, files = parser.parse_from_environ(request.environ)
    except (UploadTooLarge, RequestEntityTooLarge):
        error = f"El archivo supera el tamaño máximo de {tamano(limit)}. Calcule su huella SHA-256 en su equipo y péguela en el formulario de la huella."
        return render_template("documents/verificar.html", error=error), 413
    if not _csrf_ok(form.get("csrf_token")):
        error = "El formulario venció. Recargue la página y vuelva a elegir el archivo."
        return render_template("documents/verificar.html", error=error), 400
    archivo = files.get("archivo")
    if archivo is None or not archivo.filename:
        error = "Elija el archivo que quiere verificar."
        return render_template("documents/verificar.html", error=error), 400
    sink = archivo.stream
    return _answer(
        sink.digest.hexdigest(), origen="archivo", nombre=archivo.filename, size=sink.size
    )


def _csrf_ok(token: str | None) -> bool:
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


def _answer(sha256: str, **context):
    return render_template(
        "documents/verificar.html",
        sha256=sha256,
        coincidencias=published_matches(sha256),
        **context,
    )
