from flask import Blueprint

bp = Blueprint("cuentas", __name__)

from portal.blueprints.cuentas import routes  # noqa: E402, F401
