"""Uploads: resumable (tus) endpoints, the plain form and the receipt."""

from flask import Blueprint

bp = Blueprint("uploads", __name__, url_prefix="/subidas")

from portal.blueprints.uploads import routes  # noqa: E402, F401  (registers the views)
