"""Load what a request names and check who may touch it: 404 for what does not exist, 403 else.

Roles come from ``portal.access``: the contractor acts through the provider account of the
contract, the supervisor is the user assigned to it, the entity's buyers and administrators
may read and register payments.
"""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from portal import access
from portal.extensions import db
from portal.models import Contrato, Documento, SolicitudPago

CONTRATISTA = ("proveedor.proveedor", "proveedor.administrador")
SUPERVISOR = ("supervisor",)
ENTIDAD = ("entidad.administrador", "entidad.comprador")
LECTORES = CONTRATISTA + SUPERVISOR + ENTIDAD


def contrato_para(id_contrato: str, *allowed: str) -> tuple[Contrato, set[str]]:
    """The contract and the current user's roles on it, if one of them is ``allowed``."""
    contrato = db.session.scalar(select(Contrato).where(Contrato.id_contrato == id_contrato))
    if contrato is None:
        abort(404)
    roles = access.contract_roles(current_user, contrato)
    access.require(roles, allowed)
    return contrato, roles


def documento_de(contrato: Contrato, documento_id: int) -> Documento:
    """A document of this very contract: another contract's id is simply not found here."""
    documento = db.session.get(Documento, documento_id)
    if documento is None or documento.contrato_id != contrato.id:
        abort(404)
    return documento


def solicitud_de(contrato: Contrato, solicitud_id: int) -> SolicitudPago:
    solicitud = db.session.get(SolicitudPago, solicitud_id)
    if solicitud is None or solicitud.contrato_id != contrato.id:
        abort(404)
    return solicitud


def rol_principal(roles: set[str]) -> str:
    """The role an action is recorded under (the audit trail says who acted as what)."""
    if "supervisor" in roles:
        return "supervisor"
    if roles & set(CONTRATISTA):
        return "proveedor"
    return "entidad" if roles & set(ENTIDAD) else ""
