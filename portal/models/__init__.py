"""Typed models, grouped by domain; importing this package registers every table."""

from portal.models.accounts import Cuenta, Entidad, Membresia, Proveedor, User
from portal.models.audit import Evento
from portal.models.documents import Documento
from portal.models.procurement import Contrato, Proceso
from portal.models.unspsc import Unspsc

__all__ = [
    "Contrato",
    "Cuenta",
    "Documento",
    "Entidad",
    "Evento",
    "Membresia",
    "Proceso",
    "Proveedor",
    "Unspsc",
    "User",
]
