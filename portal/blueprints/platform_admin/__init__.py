"""The platform administrator: entity activation and orphan access requests."""

from flask import Blueprint

bp = Blueprint("platform_admin", __name__, url_prefix="/admin")

from portal.blueprints.platform_admin import routes  # noqa: E402, F401  (registers the views)
