from flask import Blueprint

bp = Blueprint("entidad", __name__, url_prefix="/entidad")

from portal.blueprints.entidad import documentos, estado, procesos  # noqa: E402, F401
