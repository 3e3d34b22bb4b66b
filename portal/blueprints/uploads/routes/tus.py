"""tus 1.0 endpoints: create an upload, ask its offset, append bytes, cancel it.

Why these endpoints are exempt from the CSRF token and still safe: a cross-site page cannot
forge them. They need methods (PATCH, DELETE, HEAD) or headers (Tus-Resumable, Upload-Length,
Content-Type application/offset+octet-stream) that an HTML form cannot send, and a
cross-origin script sending them triggers a CORS preflight that this app never approves.
On top of that the session cookie is SameSite=Lax, every request must come from the
logged-in owner of the upload, and when the browser says where it comes from (Origin, or
Referer) it must be this host.
"""

from urllib.parse import quote, urlsplit

from flask import request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from portal.blueprints.uploads import bp
from portal.errors import render_error
from portal.extensions import csrf, db
from portal.uploads import cleanup, sessions, tus
from portal.uploads.tus import TusError
from portal.uploads.validation import UploadRefused

HEAD_WAIT_SECONDS = 3
TUS_ENDPOINTS = {
    "uploads.tus_create",
    "uploads.tus_head",
    "uploads.tus_patch",
    "uploads.tus_delete",
}


@bp.before_request
def check_tus_request():
    """Protocol version, same origin and a logged-in user, before any tus work."""
    if request.endpoint not in TUS_ENDPOINTS:
        return
    if request.headers.get("Tus-Resumable") != tus.TUS_VERSION:
        raise TusError(
            412, "Versión del protocolo de carga no admitida.", {"Tus-Version": tus.TUS_VERSION}
        )
    if not same_origin():
        raise TusError(403, "La solicitud no viene de este portal.")
    if not current_user.is_authenticated:
        raise TusError(401, "Su sesión terminó. Ingrese de nuevo y la carga continuará donde iba.")


def same_origin() -> bool:
    """Origin (or else Referer), when the browser sends one, must name this host."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    return origin is None or urlsplit(origin).netloc == request.host


@bp.after_request
def add_tus_resumable(response):
    if request.endpoint in TUS_ENDPOINTS or request.endpoint == "uploads.tus_options":
        response.headers["Tus-Resumable"] = tus.TUS_VERSION
    return response


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    if request.endpoint in TUS_ENDPOINTS:
        return tus_error(TusError(413, "El fragmento supera el tamaño máximo permitido."))
    return render_error(413)


@bp.errorhandler(TusError)
def tus_error(error: TusError):
    headers = {"Tus-Resumable": tus.TUS_VERSION, "Cache-Control": "no-store"} | error.headers
    headers["Portal-Mensaje"] = quote(error.message)  # readable after a HEAD too (no body)
    body = "" if request.method == "HEAD" else error.message
    return body, error.status, headers | {"Content-Type": "text/plain; charset=utf-8"}


@bp.route("/tus", methods=["OPTIONS"], provide_automatic_options=False)
@bp.route("/tus/<token>", methods=["OPTIONS"], provide_automatic_options=False)
def tus_options(token: str | None = None):
    return "", 204, tus.options_headers(sessions.max_bytes())


@bp.post("/tus")
def tus_create():
    length = tus.parse_int_header(request.headers.get("Upload-Length"), "Upload-Length")
    metadata = tus.parse_metadata(request.headers.get("Upload-Metadata"))
    cleanup.remove_expired()
    try:
        sesion = sessions.create(current_user, metadata, length)
    except UploadRefused as refused:
        raise TusError(refused.status, str(refused)) from refused
    db.session.commit()
    return (
        "",
        201,
        {
            "Location": url_for("uploads.tus_head", token=sesion.token),
            "Upload-Offset": "0",
            "Upload-Expires": tus.expires_header(sesion.expira_en),
        },
    )


@bp.route("/tus/<token>", methods=["HEAD"])
def tus_head(token: str):
    sesion = sessions.owned(token, current_user)
    if sesion.estado == "en_curso":
        sessions.ensure_open(sesion)
        with sessions.locked(token, wait=HEAD_WAIT_SECONDS):
            db.session.refresh(sesion)
    if sesion.estado == "rechazada":
        sessions.ensure_open(sesion)
    return "", 200, progress_headers(sesion) | {"Cache-Control": "no-store"}


@bp.route("/tus/<token>", methods=["PATCH"])
def tus_patch(token: str):
    if request.mimetype != tus.OFFSET_CONTENT_TYPE:
        raise TusError(415, f"Tipo de contenido no válido: se espera {tus.OFFSET_CONTENT_TYPE}.")
    offset = tus.parse_int_header(request.headers.get("Upload-Offset"), "Upload-Offset")
    checksum = tus.parse_checksum(request.headers.get("Upload-Checksum"))
    sessions.ensure_open(sessions.owned(token, current_user))
    with sessions.locked(token) as handle:
        limit = expect_offset(token, offset)
        received, _cut = sessions.write_chunk(handle, offset, limit, request.stream, checksum)
        sesion = record_progress(token, offset, offset + received)
    return "", 204, progress_headers(sesion)


def expect_offset(token: str, offset: int) -> int:
    """Under the lock, re-read the session: the client's offset must be exactly ours.

    The transaction is closed before the body streams in, so a slow upload does not hold
    a database connection for minutes.
    """
    sesion = sessions.owned(token, current_user)
    db.session.refresh(sesion)
    sessions.ensure_open(sesion)
    if offset != sesion.desplazamiento:
        raise TusError(
            409,
            "El servidor tiene otra posición para este archivo; consulte la posición y continúe desde ahí.",
            {"Upload-Offset": str(sesion.desplazamiento)},
        )
    limit = sesion.longitud - offset
    db.session.commit()
    return limit


def record_progress(token: str, old_offset: int, new_offset: int):
    """Save the new offset and, with the last byte, finish the upload; refusals delete it."""
    sesion = sessions.owned(token, current_user)
    try:
        sessions.advance(sesion, old_offset, new_offset)
        if sesion.desplazamiento == sesion.longitud:
            sessions.finish(sesion, current_user)
    except UploadRefused as refused:
        db.session.rollback()
        sesion = sessions.owned(token, current_user)
        sessions.reject(sesion, str(refused))
        db.session.commit()
        raise TusError(refused.status, str(refused)) from refused
    db.session.commit()
    return sesion


@bp.route("/tus/<token>", methods=["DELETE"])
def tus_delete(token: str):
    sesion = sessions.owned(token, current_user)
    if sesion.estado == "completa":
        raise TusError(
            409,
            "Este archivo ya se recibió completo; para retirarlo use «Borrar» en la lista de documentos.",
        )
    if sesion.estado == "en_curso":
        with sessions.locked(token):
            sessions.terminate(sesion)
    else:
        sessions.terminate(sesion)
    db.session.commit()
    return "", 204


def progress_headers(sesion) -> dict[str, str]:
    headers = {
        "Upload-Offset": str(sesion.desplazamiento),
        "Upload-Length": str(sesion.longitud),
        "Upload-Expires": tus.expires_header(sesion.expira_en),
    }
    if sesion.resultado_url:
        headers["Portal-Resultado"] = sesion.resultado_url
    return headers


for endpoint in (tus_options, tus_create, tus_head, tus_patch, tus_delete):
    csrf.exempt(endpoint)


@bp.record_once
def derive_request_limit(state) -> None:
    """Let a whole multipart form with the biggest allowed file through, and no more."""
    config = state.app.config
    if config.get("MAX_CONTENT_LENGTH") is None:
        config["MAX_CONTENT_LENGTH"] = int(config["MAX_UPLOAD_BYTES"]) + 1024 * 1024
