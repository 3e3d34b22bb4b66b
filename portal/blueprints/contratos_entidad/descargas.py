"""Download a document that is not public yet (a draft modification's) for those who may see it."""

from flask import abort, current_app, send_file

from portal import storage
from portal.blueprints.documentos.routes import DOWNLOAD_HEADERS
from portal.errors import render_error
from portal.models import Documento


def send_private(documento: Documento | None):
    """Send the file as an attachment; the view has already checked who is asking."""
    if documento is None or documento.estado == "eliminado":
        abort(404)
    path = storage.path_of(documento.sha256)
    if not path.is_file():
        current_app.logger.error("Falta el archivo del documento %s", documento.id)
        return render_error(
            503, "El archivo no está disponible en este momento. Intente más tarde."
        )
    response = send_file(
        path,
        mimetype=documento.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=documento.nombre_archivo,
        conditional=True,
    )
    response.headers.update(DOWNLOAD_HEADERS)
    response.cache_control.private = True
    return response
