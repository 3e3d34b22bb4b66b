"""Upload sessions: create one, append chunks to its partial file, finish or refuse it.

Partial bytes live in UPLOAD_DIR/partial/<token>, never in the public store. Only when the
last byte is in, the SHA-256 matches the client's and the content passes the checks does the
file move into the content-addressed store and its purpose turn it into a document.
Services flush, never commit: the view commits once.
"""

import fcntl
import hashlib
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any

from flask import current_app
from sqlalchemy import select
from werkzeug.exceptions import ClientDisconnected

from portal import clock, storage
from portal.extensions import db
from portal.models import Contrato, SesionCarga
from portal.models.types import parse_id
from portal.uploads import validation
from portal.uploads.purposes import CompletedUpload, get_purpose
from portal.uploads.tus import TusError
from portal.uploads.validation import UploadRefused

READ_CHUNK = 1024 * 1024
# Metadata keys that describe the file itself; every other key is the target of the purpose.
FILE_KEYS = ("filename", "filetype", "sha256")


def partial_path(token: str) -> Path:
    return storage.root() / "partial" / token


def expiry() -> timedelta:
    value = current_app.config.get("UPLOAD_EXPIRY", timedelta(hours=24))
    return value if isinstance(value, timedelta) else timedelta(seconds=int(value))


def max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_BYTES"])


def create(user: Any, metadata: dict[str, str], length: int) -> SesionCarga:
    """Open a session after checking name, size, purpose and permission; nothing stored yet."""
    raw_name = metadata.get("filename", "")
    if not raw_name.strip():
        raise UploadRefused("Falta el nombre del archivo.", 400)
    name = validation.safe_name(raw_name)
    validation.check_upload(name, length, max_bytes())
    target = {key: value for key, value in metadata.items() if key not in FILE_KEYS}
    authorize(user, target)
    sesion = SesionCarga(
        token=secrets.token_urlsafe(32),
        usuario_id=user.id,
        proposito=target["proposito"],
        contrato_id=contrato_id_of(target),
        metadatos=target,
        nombre_original=validation.original_name(raw_name),
        nombre_seguro=name,
        tipo_contenido=validation.content_type_for(name),
        longitud=length,
        sha256_cliente=_client_sha256(metadata.get("sha256", "")),
        expira_en=clock.now() + expiry(),
    )
    db.session.add(sesion)
    db.session.flush()
    path = partial_path(sesion.token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
    return sesion


def authorize(user: Any, target: dict[str, Any]) -> None:
    """Refuse unknown purposes and users the purpose does not let upload for this target."""
    purpose = get_purpose(target.get("proposito", ""))
    if purpose is None:
        raise UploadRefused("No se indicó para qué es el archivo (propósito desconocido).", 400)
    if not purpose.authorize(user, target):
        raise UploadRefused(
            "No tiene permiso para cargar este archivo aquí. Revise que ingresó con la cuenta correcta.",
            403,
        )


def contrato_id_of(target: dict[str, Any]) -> int | None:
    contrato_id = parse_id(target.get("contrato_id"))
    if contrato_id is None:
        return None
    return db.session.scalar(select(Contrato.id).where(Contrato.id == contrato_id))


def _client_sha256(value: str) -> str:
    value = value.strip().lower()
    if value and (len(value) != 64 or any(c not in "0123456789abcdef" for c in value)):
        raise UploadRefused("La huella SHA-256 enviada por su navegador no es válida.", 400)
    return value


def find(token: str) -> SesionCarga | None:
    """The upload session with this token, whoever owns it."""
    return db.session.scalar(select(SesionCarga).where(SesionCarga.token == token))


def owned(token: str, user: Any) -> SesionCarga:
    """The user's session with this token; another user's token is simply not found."""
    sesion = find(token)
    if sesion is None or sesion.usuario_id != user.id:
        raise TusError(404, "No encontramos esa carga. Vuelva a elegir el archivo.")
    return sesion


def ensure_open(sesion: SesionCarga) -> None:
    """Only an unfinished, unexpired session accepts bytes."""
    if sesion.estado == "rechazada":
        raise TusError(410, sesion.mensaje or "Esta carga fue rechazada.")
    if sesion.estado == "completa":
        raise TusError(409, "Este archivo ya se recibió completo.")
    if sesion.expira_en <= clock.now():
        raise TusError(410, "Esta carga venció por inactividad. Vuelva a elegir el archivo.")


@contextmanager
def locked(token: str, wait: float = 0) -> Iterator[IO[bytes]]:
    """Hold the partial file exclusively: two connections must never write one upload.

    ``wait`` lets a HEAD give the writer of a just-cut connection a moment to record the
    bytes it got, so the client resumes from the true offset instead of resending them.
    """
    try:
        handle = open(partial_path(token), "r+b")  # noqa: SIM115 - closed in finally
    except FileNotFoundError as error:
        raise TusError(
            410, "Los datos de esta carga ya no existen. Vuelva a elegir el archivo."
        ) from error
    try:
        _acquire(handle, time.monotonic() + wait)
        yield handle
    finally:
        handle.close()


def _acquire(handle: IO[bytes], deadline: float) -> None:
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError as error:
            if time.monotonic() >= deadline:
                raise TusError(
                    423,
                    "Este archivo se está recibiendo por otra conexión. Espere unos segundos y reanude.",
                ) from error
            time.sleep(0.05)


def write_chunk(
    handle: IO[bytes], offset: int, limit: int, body: IO[bytes], checksum
) -> tuple[int, bool]:
    """Append the body at ``offset`` in chunks; return (bytes kept, whether it was cut short).

    Bytes of a cut connection are kept so the client resends almost nothing, except when
    the chunk carries a checksum: then a partial chunk cannot be verified and is dropped.
    """
    handle.seek(offset)
    handle.truncate()
    received, cut = 0, False
    try:
        while chunk := body.read(READ_CHUNK):
            received += len(chunk)
            if received > limit:
                _rewind(handle, offset)
                raise TusError(413, "Se enviaron más bytes de los declarados para este archivo.")
            if checksum:
                checksum[0].update(chunk)
            handle.write(chunk)
    except ClientDisconnected:
        cut = True
    handle.flush()
    if cut and checksum:
        _rewind(handle, offset)
        return 0, True
    if checksum and checksum[0].digest() != checksum[1]:
        _rewind(handle, offset)
        raise TusError(
            460, "El fragmento llegó dañado (la suma de verificación no coincide). Se reintentará."
        )
    return received, cut


def _rewind(handle: IO[bytes], offset: int) -> None:
    handle.seek(offset)
    handle.truncate()
    handle.flush()


def advance(sesion: SesionCarga, old_offset: int, new_offset: int) -> None:
    """Record progress; sniff the first bytes as soon as they are in to refuse early."""
    sesion.desplazamiento = new_offset
    sesion.expira_en = clock.now() + expiry()
    sniff_at = min(validation.SNIFF_BYTES, sesion.longitud)
    if old_offset < sniff_at <= new_offset:
        validation.check_content(sesion.nombre_seguro, read_head(sesion.token))


def read_head(token: str) -> bytes:
    with open(partial_path(token), "rb") as handle:
        return handle.read(validation.SNIFF_BYTES)


def finish(sesion: SesionCarga, user: Any) -> None:
    """Verify the whole file, hand it to its purpose, then move it into the store."""
    path = partial_path(sesion.token)
    sha256, size = hash_file(path)
    if size != sesion.longitud:
        raise UploadRefused("El archivo llegó incompleto. Vuelva a cargarlo.", 422)
    if sesion.sha256_cliente and sha256 != sesion.sha256_cliente:
        raise UploadRefused(
            "El archivo llegó dañado: su huella SHA-256 no coincide con la que calculó su "
            "navegador. No se guardó nada; vuelva a cargarlo.",
            422,
        )
    validation.check_content(sesion.nombre_seguro, read_head(sesion.token))
    authorize(user, sesion.metadatos)
    upload = CompletedUpload(
        token=sesion.token,
        stored=storage.StoredFile(sha256, size),
        original_name=sesion.nombre_original,
        safe_name=sesion.nombre_seguro,
        content_type=sesion.tipo_contenido,
    )
    sesion.resultado_url = get_purpose(sesion.proposito).complete(user, sesion.metadatos, upload)
    storage.adopt(path, sha256, size)
    sesion.sha256, sesion.estado, sesion.completado_en = sha256, "completa", clock.now()


def hash_file(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a file, read 1 MB at a time (hash state cannot survive a restart)."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def reject(sesion: SesionCarga, message: str) -> None:
    """Mark the session refused and delete its partial bytes: nothing of it is kept."""
    partial_path(sesion.token).unlink(missing_ok=True)
    sesion.estado, sesion.mensaje = "rechazada", message


def terminate(sesion: SesionCarga) -> None:
    """tus termination: the client gave up; forget the bytes and the session."""
    partial_path(sesion.token).unlink(missing_ok=True)
    db.session.delete(sesion)


def expired(now: datetime) -> list[SesionCarga]:
    return list(
        db.session.scalars(
            select(SesionCarga).where(
                SesionCarga.estado != "completa", SesionCarga.expira_en <= now
            )
        )
    )
