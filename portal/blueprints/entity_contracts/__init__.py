"""Entity buyers: contract management, modifications, breaches, liquidation and closure."""

from flask import Blueprint

bp = Blueprint("entity_contracts", __name__)

from portal.blueprints.entity_contracts import routes  # noqa: E402, F401  (registers the views)
