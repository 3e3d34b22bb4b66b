from flask import Blueprint

bp = Blueprint("paa", __name__)

from portal.blueprints.paa import routes  # noqa: E402, F401
