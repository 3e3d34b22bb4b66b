from flask import Blueprint

bp = Blueprint("cuenta", __name__)

from portal.blueprints.cuenta import routes  # noqa: E402, F401
