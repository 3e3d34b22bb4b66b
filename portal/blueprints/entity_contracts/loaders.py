"""Load what a view needs, or answer 404/403: every view starts here."""

from flask import abort

from portal import access
from portal.access import active_membership
from portal.models import Contrato, Entidad, Incumplimiento, Modificacion

ROLES_ENTIDAD = access.ENTITY_ROLES
ROLES_CONTRATISTA = access.CONTRACTOR_ROLES


def contrato_for_entity(id_contrato: str) -> Contrato:
    """The contract, if the user is a comprador or administrador of its entity."""
    contrato = access.contract_or_404(id_contrato)
    access.require_contract_role(contrato, *ROLES_ENTIDAD)
    return contrato


def contrato_for_contractor(id_contrato: str) -> Contrato:
    """The contract, if the user is a member of its contractor's account."""
    contrato = access.contract_or_404(id_contrato)
    access.require_contract_role(contrato, *ROLES_CONTRATISTA)
    return contrato


def modificacion_of(contrato: Contrato, modificacion_id: int) -> Modificacion:
    return access.part_of_contract(Modificacion, modificacion_id, contrato)


def incumplimiento_of(contrato: Contrato, incumplimiento_id: int) -> Incumplimiento:
    return access.part_of_contract(Incumplimiento, incumplimiento_id, contrato)


def active_entity() -> Entidad:
    """The entity the user acts for now, as comprador or administrador; 403 otherwise."""
    membresia = active_membership()
    if membresia is None or not isinstance(membresia.cuenta, Entidad):
        abort(403)
    if membresia.rol not in ("comprador", "administrador"):
        abort(403)
    return membresia.cuenta
