"""Loading processes for the public pages."""

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.models import Proceso


def get_public_proceso(id_del_proceso: str) -> Proceso:
    """Return a published process by its public id, or 404 (drafts are not public)."""
    proceso = db.session.scalar(
        select(Proceso)
        .where(Proceso.id_del_proceso == id_del_proceso)
        .options(selectinload(Proceso.contratos))
    )
    if proceso is None or proceso.estado == "borrador":
        abort(404)
    return proceso
