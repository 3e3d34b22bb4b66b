"""Typed models, grouped by domain; importing this package registers every table."""

from portal.extensions import db
from portal.models.accounts import Cuenta, Entidad, Membresia, Proveedor, User
from portal.models.audit import Evento
from portal.models.contract_changes import Incumplimiento, Modificacion
from portal.models.documents import Documento
from portal.models.paa import ItemPlan, PlanAnual, VersionPlan
from portal.models.payments import SolicitudPago
from portal.models.procurement import Contrato, Proceso
from portal.models.registration import DocumentoCuenta
from portal.models.security import Acceso, CodigoVerificacion, Sesion
from portal.models.types import parse_id
from portal.models.unspsc import Unspsc
from portal.models.uploads import SesionCarga

__all__ = [
    "Acceso",
    "CodigoVerificacion",
    "Contrato",
    "Cuenta",
    "Documento",
    "DocumentoCuenta",
    "Entidad",
    "Evento",
    "Incumplimiento",
    "ItemPlan",
    "Membresia",
    "Modificacion",
    "PlanAnual",
    "Proceso",
    "Proveedor",
    "Sesion",
    "SesionCarga",
    "SolicitudPago",
    "Unspsc",
    "User",
    "VersionPlan",
    "row_by_id",
]


def row_by_id(model, value):
    """The row of ``model`` whose id a client sent (a form, upload metadata), or None."""
    row_id = parse_id(value)
    return db.session.get(model, row_id) if row_id is not None else None
