"""Who acts in the entity workspace: a buyer or administrator of the entity that owns it.

Anonymous users go to the login page; everyone else without that role gets a 403, whether the
process belongs to another entity or they have no entity at all (one rule, one answer).
"""

from flask import abort
from flask_login import current_user

from portal import access
from portal.access import active_membership
from portal.extensions import db
from portal.models import Entidad, Proceso

ROLES_GESTION = ("comprador", "administrador")


def entidad_activa() -> tuple[Entidad, str]:
    """The entity of the active account and the user's role in it, or 403."""
    membresia = active_membership()
    if (
        membresia is None
        or not isinstance(membresia.cuenta, Entidad)
        or membresia.rol not in ROLES_GESTION
    ):
        abort(403)
    return membresia.cuenta, membresia.rol


def proceso_propio(proceso_id: int) -> tuple[Proceso, str]:
    """A process of an entity where the user is buyer or administrator, and that role."""
    proceso = db.session.get(Proceso, proceso_id)
    if proceso is None:
        abort(404)
    roles = access.account_roles(current_user, proceso.entidad_id)
    rol = next((r for r in ROLES_GESTION if r in roles), None)
    if rol is None:
        abort(403)
    return proceso, rol
