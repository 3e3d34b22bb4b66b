"""Which work areas the main navigation offers the signed-in user."""

from flask_login import current_user
from sqlalchemy import select

from portal import access
from portal.extensions import db
from portal.models import Contrato, Cuenta, Membresia


def contract_links() -> dict[str, bool]:
    """ "Mis contratos" for members of a provider account, "Supervisión" for supervisors."""
    # Not cached in ``g``: base.html asks once per page, and ``g`` may outlive a request.
    return {
        "mis_contratos": current_user.is_authenticated and _is_provider_member(current_user.id),
        "supervision": current_user.is_authenticated and _supervises(current_user.id),
    }


def _is_provider_member(usuario_id: int) -> bool:
    query = (
        select(Membresia.id)
        .join(Cuenta, Membresia.cuenta_id == Cuenta.id)
        .where(
            Membresia.usuario_id == usuario_id,
            Membresia.estado == "aceptado",
            Membresia.rol.in_(access.CONTRACTOR_MEMBER_ROLES),
            Cuenta.tipo == access.PROVIDER,
        )
        .limit(1)
    )
    return db.session.scalar(query) is not None


def _supervises(usuario_id: int) -> bool:
    query = select(Contrato.id).where(Contrato.supervisor_id == usuario_id).limit(1)
    return db.session.scalar(query) is not None
