"""Error pages in Spanish; an htmx request gets the message as a fragment, not a whole page."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

MESSAGES = {
    400: ("Solicitud no válida", "La solicitud tiene datos que no pudimos entender. Revise el formulario e intente de nuevo."),
    403: ("Acceso no permitido", "Su usuario no tiene permiso para ver esta página. Si cree que es un error, contacte al administrador de su cuenta."),
    404: ("Página no encontrada", "La página o el documento que busca no existe o fue retirado. Verifique la dirección o use el buscador de procesos."),
    405: ("Método no permitido", "Esta dirección no admite esa operación."),
    413: ("Archivo demasiado grande", "El archivo supera el tamaño máximo permitido. Divídalo o comprímalo e intente de nuevo."),
    416: ("Rango no válido", "La parte del archivo que pidió no existe. Vuelva a descargar el archivo completo."),
    429: ("Demasiados intentos", "Ha hecho demasiadas solicitudes seguidas. Espere unos minutos e intente de nuevo."),
    500: ("Error del servidor", "Algo falló de nuestro lado. Ya quedó registrado; intente de nuevo en unos minutos."),
    503: ("Servicio no disponible", "El portal no está disponible en este momento. Intente de nuevo en unos minutos."),
}  # fmt: skip


def render_error(status: int, detail: str | None = None):
    """Render the Spanish page (or htmx fragment) for an HTTP status."""
    title, message = MESSAGES.get(status, MESSAGES[500])
    template = "errors/_error.html" if request.headers.get("HX-Request") else "errors/error.html"
    body = render_template(template, status=status, title=title, message=detail or message)
    return body, status, {"Vary": "HX-Request"}


def register(app: Flask) -> None:
    """Answer every HTTP error and unexpected exception with a page for people."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, "El formulario venció o no es válido. Recargue la página e intente de nuevo."
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Error no controlado en %s", request.path)
        return render_error(500)
