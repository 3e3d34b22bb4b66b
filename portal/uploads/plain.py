"""Uploads without JavaScript: one multipart form, the same checks and the same purposes."""

import os
import secrets
from typing import Any

from werkzeug.datastructures import FileStorage

from portal import clock, storage
from portal.extensions import db
from portal.models import SesionCarga
from portal.uploads import sessions, validation
from portal.uploads.purposes import CompletedUpload, get_purpose
from portal.uploads.validation import UploadRefused


def receive(user: Any, file: FileStorage | None, target: dict[str, Any]) -> SesionCarga:
    """Check, store and complete a form-posted file; return its (completed) session.

    Everything that can refuse the file runs before a byte reaches the store.
    """
    if file is None or not file.filename:
        raise UploadRefused("Elija un archivo para cargar.", 400)
    name = validation.safe_name(file.filename)
    validation.check_upload(name, size_of(file.stream), sessions.max_bytes())
    validation.check_content(name, file.stream.read(validation.SNIFF_BYTES))
    file.stream.seek(0)
    sessions.authorize(user, target)
    try:
        stored = storage.save_stream(file.stream, max_bytes=sessions.max_bytes())
    except storage.FileTooLarge as error:
        raise UploadRefused("El archivo supera el tamaño máximo permitido.", 413) from error
    return record(user, target, file.filename, name, stored)


def size_of(stream) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def record(user: Any, target: dict[str, Any], raw_name: str, name: str, stored) -> SesionCarga:
    """Keep a completed session as the upload's record, then let the purpose act on it."""
    sesion = SesionCarga(
        token=secrets.token_urlsafe(32),
        usuario_id=user.id,
        proposito=target["proposito"],
        contrato_id=sessions.contrato_id_of(target),
        metadatos=target,
        nombre_original=validation.original_name(raw_name),
        nombre_seguro=name,
        tipo_contenido=validation.content_type_for(name),
        longitud=stored.size,
        desplazamiento=stored.size,
        sha256=stored.sha256,
        estado="completa",
        expira_en=clock.now(),
        completado_en=clock.now(),
    )
    db.session.add(sesion)
    db.session.flush()
    upload = CompletedUpload(
        sesion.token, stored, sesion.nombre_original, name, sesion.tipo_contenido
    )
    sesion.resultado_url = get_purpose(sesion.proposito).complete(user, target, upload)
    return sesion
