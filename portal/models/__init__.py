"""Typed models, grouped by domain; importing this package registers every table."""

from portal.models.accounts import Cuenta, Entidad, Membresia, Proveedor, User
from portal.models.audit import Evento
from portal.models.documents import Documento
from portal.models.procurement import Contrato, Proceso
from portal.models.security import Acceso, CodigoVerificacion, Sesion
from portal.models.unspsc import Unspsc
from portal.models.uploads import SesionCarga

__all__ = [
    "Acceso",
    "CodigoVerificacion",
    "Contrato",
    "Cuenta",
    "Documento",
    "Entidad",
    "Evento",
    "Membresia",
    "Proceso",
    "Proveedor",
    "Sesion",
    "SesionCarga",
    "Unspsc",
    "User",
]
