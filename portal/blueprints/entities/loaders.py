"""Load what a public entity page needs, or answer 404."""

from flask import abort

from portal.accounts.queries import entity_by_nit
from portal.models import Entidad


def entity_or_404(nit: str) -> Entidad:
    """The entity with this NIT (with or without dots and check digit), or 404."""
    entidad = entity_by_nit(nit)
    if entidad is None:
        abort(404)
    return entidad
