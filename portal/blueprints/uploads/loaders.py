"""Load the upload a page shows, or answer 404."""

from flask import abort
from flask_login import current_user

from portal.models import SesionCarga
from portal.uploads import sessions


def own_completed_upload(token: str) -> SesionCarga:
    """The current user's finished upload with this token; anyone else's is simply not found."""
    sesion = sessions.find(token)
    if sesion is None or sesion.usuario_id != current_user.id or sesion.estado != "completa":
        abort(404)
    return sesion
