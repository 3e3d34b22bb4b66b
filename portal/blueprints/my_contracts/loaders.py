"""Load what a request names and check who may touch it: 404 for what does not exist, 403 else.

Roles come from ``portal.access``: the contractor acts through the provider account of the
contract, the supervisor is the user assigned to it, the entity's buyers and administrators
may read and register payments (``CONTRACTOR_ROLES``, ``SUPERVISOR_ROLES``, ``PAYER_ROLES``...).
"""

from portal import access
from portal.models import Contrato, Documento, Modificacion, SolicitudPago


def contract_for(id_contrato: str, *allowed: str) -> tuple[Contrato, set[str]]:
    """The contract and the current user's roles on it, if one of them is ``allowed``."""
    return access.contract_with_roles(id_contrato, *allowed)


def document_of(contrato: Contrato, documento_id: int) -> Documento:
    """A document of this very contract: another contract's id is simply not found here."""
    return access.part_of_contract(Documento, documento_id, contrato)


def payment_request_of(contrato: Contrato, solicitud_id: int) -> SolicitudPago:
    return access.part_of_contract(SolicitudPago, solicitud_id, contrato)


def modification_of(contrato: Contrato, modificacion_id: int) -> Modificacion:
    return access.part_of_contract(Modificacion, modificacion_id, contrato)
