"""Load what a view needs, or answer 404/403: every view starts here.

The lists start from ``access.active_entity()``; one contract's pages from ``contrato_for_*``.
"""

from portal import access
from portal.models import Contrato, Incumplimiento, Modificacion


def contract_for_entity(id_contrato: str) -> Contrato:
    """The contract, if the user is a comprador or administrador of its entity."""
    contrato = access.contract_or_404(id_contrato)
    access.require_contract_role(contrato, *access.BUYER_ROLES)
    return contrato


def contract_for_contractor(id_contrato: str) -> Contrato:
    """The contract, if the user is a member of its contractor's account."""
    contrato = access.contract_or_404(id_contrato)
    access.require_contract_role(contrato, *access.CONTRACTOR_ROLES)
    return contrato


def modification_of(contrato: Contrato, modificacion_id: int) -> Modificacion:
    return access.part_of_contract(Modificacion, modificacion_id, contrato)


def breach_of(contrato: Contrato, incumplimiento_id: int) -> Incumplimiento:
    return access.part_of_contract(Incumplimiento, incumplimiento_id, contrato)
