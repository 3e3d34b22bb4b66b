"""Public entity pages: an entity's processes, contracts and published PAA."""

from flask import Blueprint

bp = Blueprint("entities", __name__)

from portal.blueprints.entities import routes  # noqa: E402, F401  (registers the views)
