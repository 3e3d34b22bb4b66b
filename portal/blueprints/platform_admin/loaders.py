"""Load what a view needs, or answer 404 (the blueprint already requires a platform admin)."""

from flask import abort

from portal.extensions import db
from portal.models import Entidad


def load_entidad(cuenta_id: int) -> Entidad:
    entidad = db.session.get(Entidad, cuenta_id)
    if entidad is None:
        abort(404)
    return entidad
