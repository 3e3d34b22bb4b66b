from flask import Blueprint

bp = Blueprint("contratos_entidad", __name__)

from portal.blueprints.contratos_entidad import (  # noqa: E402, F401
    contratista,
    historial,
    routes,
    rutas_incumplimientos,
    rutas_modificaciones,
)
