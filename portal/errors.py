"""Error pages in Spanish, and the one exception a rule raises to refuse an action.

An htmx request gets the message as a fragment, not a whole page (``portal.pages``).
"""

from flask import Flask, Response, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from portal.extensions import db
from portal.pages import render_page_or_fragment

MESSAGES = {
    400: ("Solicitud no válida", "La solicitud tiene datos que no pudimos entender. Revise el formulario e intente de nuevo."),
    403: ("Acceso no permitido", "Su usuario no tiene permiso para ver esta página. Si cree que es un error, contacte al administrador de su cuenta."),
    404: ("Página no encontrada", "La página o el documento que busca no existe o fue retirado. Verifique la dirección o use el buscador de procesos."),
    405: ("Método no permitido", "Esta dirección no admite esa operación."),
    409: ("Acción no permitida", "Esa acción no se puede hacer en el estado actual. Recargue la página para ver cómo quedó."),
    413: ("Archivo demasiado grande", "El archivo supera el tamaño máximo permitido. Divídalo o comprímalo e intente de nuevo."),
    416: ("Rango no válido", "La parte del archivo que pidió no existe. Vuelva a descargar el archivo completo."),
    422: ("No se pudo completar", "Los datos enviados no cumplen las reglas. Revise el formulario e intente de nuevo."),
    429: ("Demasiados intentos", "Ha hecho demasiadas solicitudes seguidas. Espere unos minutos e intente de nuevo."),
    500: ("Error del servidor", "Algo falló de nuestro lado. Ya quedó registrado; intente de nuevo en unos minutos."),
    503: ("Servicio no disponible", "El portal no está disponible en este momento. Intente de nuevo en unos minutos."),
}  # fmt: skip


class Refused(Exception):
    """A rule refuses the action; the message tells the person, in Spanish, what to do instead.

    Views catch it where they can show the message next to the form (re-render or flash);
    anywhere else the app answers the error page with ``status``.
    """

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def render_error(status: int, detail: str | None = None) -> Response:
    """Render the Spanish page (or htmx fragment) for an HTTP status."""
    title, message = MESSAGES.get(status, MESSAGES[500])
    return render_page_or_fragment(
        "errors/error.html",
        "errors/_error.html",
        status=status,
        title=title,
        message=detail or message,
    )


def register(app: Flask) -> None:
    """Answer every HTTP error and unexpected exception with a page for people."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, "El formulario venció o no es válido. Recargue la página e intente de nuevo."
        )

    @app.errorhandler(Refused)
    def refused(error: Refused):
        # What the refused action flushed must not show on the page that explains the refusal.
        db.session.rollback()
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Error no controlado en %s", request.path)
        return render_error(500)
