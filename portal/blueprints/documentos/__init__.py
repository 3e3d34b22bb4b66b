from flask import Blueprint

bp = Blueprint("documentos", __name__)

from portal.blueprints.documentos import links, routes, verificar  # noqa: E402, F401
