from flask import Blueprint

bp = Blueprint("procesos", __name__)

from portal.blueprints.procesos import routes  # noqa: E402, F401
