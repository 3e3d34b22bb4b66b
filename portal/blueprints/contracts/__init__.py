"""Public contract pages."""

from flask import Blueprint

bp = Blueprint("contracts", __name__)

from portal.blueprints.contracts import routes  # noqa: E402, F401  (registers the views)
