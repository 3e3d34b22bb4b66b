"""Send a stored file as a download: byte for byte, resumable, never rendered as a page."""

from datetime import datetime

from flask import Response, abort, current_app, send_file
from werkzeug.exceptions import RequestedRangeNotSatisfiable

from portal import storage
from portal.errors import render_error
from portal.models import Documento

# Downloads are attachments that must never run as a page, even if someone uploaded HTML.
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def send_stored(
    sha256: str,
    *,
    name: str,
    content_type: str | None,
    modified: datetime | None = None,
    private: bool = False,
) -> Response:
    """Send the file with this SHA-256; Werkzeug answers 304, 206 and 416 from ETag and Range.

    ``private`` files (not public yet) must not stay in shared caches nor in the browser's.
    """
    path = storage.path_of(sha256)
    if not path.is_file():
        current_app.logger.error("Falta el archivo %s en el almacén", sha256)
        return render_error(
            503, "El archivo no está disponible en este momento. Intente más tarde."
        )
    try:
        response = send_file(
            path,
            mimetype=content_type or "application/octet-stream",
            as_attachment=True,
            download_name=name,
            conditional=True,
            etag=sha256,
            last_modified=modified,
        )
    except RequestedRangeNotSatisfiable:
        response = render_error(416)
        response.headers["Content-Range"] = f"bytes */{path.stat().st_size}"
        return response
    response.headers.update(DOWNLOAD_HEADERS)
    if private:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def send_documento(documento: Documento, *, private: bool = False) -> Response:
    """Send a document of the case file (the view has already checked who may have it)."""
    return send_stored(
        documento.sha256,
        name=documento.nombre_archivo,
        content_type=documento.content_type,
        modified=documento.cargado_en,
        private=private,
    )


def send_unpublished(documento: Documento | None) -> Response:
    """Send a document that is not public yet; the view has already checked who is asking."""
    if documento is None or documento.estado == "eliminado":
        abort(404)
    return send_documento(documento, private=True)
