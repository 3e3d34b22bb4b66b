"""Account routes, split by flow; this module wires them and the per-request session checks."""

from flask import request

from portal.blueprints.cuenta import (  # noqa: F401  (modules that register routes)
    bp,
    ingreso,
    mi_cuenta,
    recuperacion,
    redirects,
    registro,
)
from portal.blueprints.cuenta.sessions import active_membership, enforce_session_limits
from portal.blueprints.cuenta.zones import local_datetime


@bp.before_app_request
def check_session() -> None:
    if request.endpoint != "static":
        enforce_session_limits()


@bp.app_context_processor
def account_helpers() -> dict:
    return {"membresia_activa": active_membership}


@bp.app_template_filter("fecha_hora_local")
def fecha_hora_local(value, zona: str | None = None) -> str:
    """An instant in a user's time zone (their own by default in templates)."""
    return local_datetime(value, zona)
