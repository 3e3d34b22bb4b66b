from flask import Blueprint

bp = Blueprint("mis_contratos", __name__)

from portal.blueprints.mis_contratos import (  # noqa: E402, F401  (modules that register routes)
    enlaces,
    rutas_detalle,
    rutas_documentos,
    rutas_listas,
    rutas_pagos,
)
from portal.blueprints.mis_contratos.avisos import listen  # noqa: E402

bp.record_once(lambda state: listen())
