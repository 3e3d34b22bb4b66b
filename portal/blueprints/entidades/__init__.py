from flask import Blueprint

bp = Blueprint("entidades", __name__)

from portal.blueprints.entidades import routes  # noqa: E402, F401
