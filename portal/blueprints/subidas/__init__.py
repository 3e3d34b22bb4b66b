from flask import Blueprint

bp = Blueprint("subidas", __name__, url_prefix="/subidas")

from portal.blueprints.subidas import routes, tus_routes  # noqa: E402, F401
