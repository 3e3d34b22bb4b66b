"""Who acts in the entity workspace: a buyer or administrator of the entity that owns it.

Anonymous users go to the login page; everyone else without that role gets a 403, whether the
process belongs to another entity or they have no entity at all (one rule, one answer). The
workspace's entry pages start from ``access.active_entity()``.
"""

from flask import abort
from flask_login import current_user

from portal import access
from portal.extensions import db
from portal.models import Proceso


def own_process(proceso_id: int) -> tuple[Proceso, str]:
    """A process of an entity where the user is buyer or administrator, and that role."""
    proceso = db.session.get(Proceso, proceso_id)
    if proceso is None:
        abort(404)
    rol = access.buyer_role(current_user, proceso.entidad_id)
    if rol is None:
        abort(403)
    return proceso, rol
