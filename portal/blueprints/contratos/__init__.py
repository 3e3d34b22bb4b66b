from flask import Blueprint

bp = Blueprint("contratos", __name__)

from portal.blueprints.contratos import routes  # noqa: E402, F401
