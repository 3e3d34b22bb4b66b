"""Public documents: permalinks, byte-exact downloads and «Verificar archivo»."""

from flask import Blueprint

bp = Blueprint("documents", __name__)

from portal.blueprints.documents import routes  # noqa: E402, F401  (registers the views)
