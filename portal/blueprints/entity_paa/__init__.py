"""Entity buyers: the Plan Anual de Adquisiciones, drafted, imported and published."""

from flask import Blueprint

bp = Blueprint("entity_paa", __name__)

from portal.blueprints.entity_paa import routes  # noqa: E402, F401  (registers the views)
