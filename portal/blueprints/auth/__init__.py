"""Users' own access: registration, login, recovery and «Mi cuenta»."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from portal.blueprints.auth import routes  # noqa: E402, F401  (registers the views)
