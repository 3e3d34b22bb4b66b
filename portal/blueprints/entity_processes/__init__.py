"""Entity buyers: the entity's processes, their documents, states and award."""

from flask import Blueprint

bp = Blueprint("entity_processes", __name__, url_prefix="/entidad")

from portal.blueprints.entity_processes import routes  # noqa: E402, F401  (registers the views)
