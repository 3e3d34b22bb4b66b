"""Public processes: search, Atom feed and the electronic case file (expediente)."""

from flask import Blueprint

bp = Blueprint("processes", __name__)

from portal.blueprints.processes import routes  # noqa: E402, F401  (registers the views)
