"""Who may act on what: the one place that answers "which role does this user have here?".

Views load an object, then call ``require_*`` (403 when the answer is no) before acting.
A user acts for an account through an accepted membership; on a contract they may also be its
supervisor. Rules are expressed as role names so access matrices read like the issues.
"""

from collections.abc import Iterable
from functools import wraps

from flask import abort, g, session
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.extensions import db
from portal.models import Contrato, Cuenta, Membresia, Proceso, User

# The membership a signed-in user acts through, kept in the session.
ACTIVE_ACCOUNT_KEY = "membresia_activa"

# Who acts on a contract, by side: names as returned by ``contract_roles``.
CONTRACTOR_ROLES = ("proveedor.proveedor", "proveedor.administrador")
ENTITY_ROLES = ("entidad.comprador", "entidad.administrador")
SUPERVISOR_ROLES = ("supervisor",)


def account_roles(user: User, cuenta_id: int | None) -> set[str]:
    """Roles of the user's accepted memberships in one account."""
    if cuenta_id is None or not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(Membresia.rol).where(
                Membresia.usuario_id == user.id,
                Membresia.cuenta_id == cuenta_id,
                Membresia.estado == "aceptado",
            )
        )
    )


def contract_roles(user: User, contrato: Contrato) -> set[str]:
    """Roles on a contract: "supervisor", the provider's roles, the entity's roles."""
    roles = set()
    if user.is_authenticated and contrato.supervisor_id == user.id:
        roles.add("supervisor")
    roles |= {f"proveedor.{rol}" for rol in account_roles(user, contrato.proveedor_id)}
    roles |= {f"entidad.{rol}" for rol in account_roles(user, contrato.entidad_id)}
    return roles


def process_roles(user: User, proceso: Proceso) -> set[str]:
    """The user's roles in the entity that owns the process."""
    return {f"entidad.{rol}" for rol in account_roles(user, proceso.entidad_id)}


def require(roles: set[str], allowed: Iterable[str]) -> None:
    """403 unless one of ``roles`` is in ``allowed``."""
    if not roles & set(allowed):
        abort(403)


def require_account_role(cuenta: Cuenta, *allowed: str) -> None:
    require(account_roles(current_user, cuenta.id), allowed)


def require_contract_role(contrato: Contrato, *allowed: str) -> None:
    """E.g. ``require_contract_role(contrato, "supervisor", "proveedor.proveedor")``."""
    require(contract_roles(current_user, contrato), allowed)


def require_process_role(proceso: Proceso, *allowed: str) -> None:
    """E.g. ``require_process_role(proceso, "entidad.comprador", "entidad.administrador")``."""
    require(process_roles(current_user, proceso), allowed)


def contract_or_404(id_contrato: str) -> Contrato:
    """The contract with this public id (CO1.PCCNTR.*, PC.PCCNTR.*), or 404."""
    contrato = db.session.scalar(select(Contrato).where(Contrato.id_contrato == id_contrato))
    if contrato is None:
        abort(404)
    return contrato


def contract_with_roles(id_contrato: str, *allowed: str) -> tuple[Contrato, set[str]]:
    """The contract and the current user's roles on it, if one of them is ``allowed`` (else 403)."""
    contrato = contract_or_404(id_contrato)
    roles = contract_roles(current_user, contrato)
    require(roles, allowed)
    return contrato, roles


def part_of_contract(model, object_id: int, contrato: Contrato):
    """A row of ``model`` that belongs to this contract; another contract's id is not found (404).

    Ids in URLs are guessable: checking the parent is what stops reading by guessing.
    """
    row = db.session.get(model, object_id)
    if row is None or row.contrato_id != contrato.id:
        abort(404)
    return row


def platform_admin_required(view):
    """Only the platform administrator (``flask create-admin``) passes."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.es_admin_plataforma:
            abort(403)
        return view(*args, **kwargs)

    return wrapped


def accepted_memberships(user: User) -> list[Membresia]:
    return list(
        db.session.scalars(
            select(Membresia)
            .where(Membresia.usuario_id == user.id, Membresia.estado == "aceptado")
            .order_by(Membresia.id)
        )
    )


def choose_membership(membresia: Membresia) -> None:
    session[ACTIVE_ACCOUNT_KEY] = membresia.id
    g.pop("membresia_activa", None)


def active_membership() -> Membresia | None:
    """The accepted membership the current user acts through now, or None."""
    if "membresia_activa" in g:
        return g.membresia_activa
    membresia = None
    membresia_id = session.get(ACTIVE_ACCOUNT_KEY)
    if current_user.is_authenticated and isinstance(membresia_id, int):
        found = db.session.get(Membresia, membresia_id)
        if found and found.usuario_id == current_user.id and found.estado == "aceptado":
            membresia = found
    g.membresia_activa = membresia
    return membresia
