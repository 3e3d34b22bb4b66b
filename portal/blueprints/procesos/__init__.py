from flask import Blueprint

bp = Blueprint("procesos", __name__)

from portal.blueprints.procesos import expediente, routes  # noqa: E402, F401
