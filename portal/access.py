"""Who may act on what: the one place that names roles and answers "may this user do this here?".

Views load an object, then call ``require_*`` (403 when the answer is no) before acting; templates
ask ``tiene_permiso(...)``. A user acts for an account through an accepted membership; on a
contract they may also be its supervisor. Every role set lives here, so access matrices read like
the issues and changing who may do something is one edit (see tests/test_roles.py).
"""

from collections.abc import Iterable
from functools import wraps

from flask import abort, g, session
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.extensions import db
from portal.models import Contrato, Cuenta, Entidad, Membresia, User

# The membership a signed-in user acts through, kept in the session.
ACTIVE_ACCOUNT_KEY = "membresia_activa"

# Kinds of account (``Cuenta.tipo``), which are also the two sides of a contract.
ENTITY, PROVIDER = "entidad", "proveedor"

# Membership roles (``Membresia.rol``, what ``account_roles`` returns).
ADMINISTRADOR, COMPRADOR, PROVEEDOR = "administrador", "comprador", "proveedor"
# Not a membership: the user a contract names as its supervisor.
SUPERVISOR = "supervisor"

# The roles a member of each kind of account may have (Administrador first, as offered).
ACCOUNT_ROLES = {ENTITY: (ADMINISTRADOR, COMPRADOR), PROVIDER: (ADMINISTRADOR, PROVEEDOR)}

# Membership roles by what they let a member do for the account; the first one is the role an
# action is recorded under when the user has both.
BUYER_MEMBER_ROLES = (COMPRADOR, ADMINISTRADOR)  # an entity's processes, contracts and PAA
CONTRACTOR_MEMBER_ROLES = (PROVEEDOR, ADMINISTRADOR)  # a provider's contracts
ADMINISTRATOR_MEMBER_ROLES = (ADMINISTRADOR,)  # the account's members and requests


def on_side(side: str, member_roles: Iterable[str]) -> tuple[str, ...]:
    """Membership roles as named on a contract or for the active account: "entidad.comprador"."""
    return tuple(f"{side}.{rol}" for rol in member_roles)


# Side-qualified roles, as ``contract_roles`` and ``active_roles`` name them.
BUYER_ROLES = on_side(ENTITY, BUYER_MEMBER_ROLES)
CONTRACTOR_ROLES = on_side(PROVIDER, CONTRACTOR_MEMBER_ROLES)
SUPERVISOR_ROLES = (SUPERVISOR,)
ADMINISTRATOR_ROLES = on_side(ENTITY, ADMINISTRATOR_MEMBER_ROLES) + on_side(
    PROVIDER, ADMINISTRATOR_MEMBER_ROLES
)
# Who carries out a contract (uploads and withdraws execution documents).
EXECUTION_ROLES = CONTRACTOR_ROLES + SUPERVISOR_ROLES
# Who registers that a payment was made.
PAYER_ROLES = SUPERVISOR_ROLES + BUYER_ROLES
# Who reads a contract's private pages and documents.
CONTRACT_READERS = CONTRACTOR_ROLES + SUPERVISOR_ROLES + BUYER_ROLES

# What templates may ask with ``tiene_permiso(...)``: each permission is one role set above.
PERMISSIONS = {
    "gestionar_entidad": BUYER_ROLES,
    "gestionar_contrato": BUYER_ROLES,
    "ejecutar_contrato": CONTRACTOR_ROLES,
    "supervisar_contrato": SUPERVISOR_ROLES,
    "registrar_pago": PAYER_ROLES,
    "leer_contrato": CONTRACT_READERS,
    "administrar_cuenta": ADMINISTRATOR_ROLES,
}


def has_role(roles: Iterable[str], allowed: Iterable[str]) -> bool:
    """Whether one of ``roles`` is in ``allowed``."""
    return not set(allowed).isdisjoint(roles)


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
        roles.add(SUPERVISOR)
    roles |= set(on_side(PROVIDER, account_roles(user, contrato.proveedor_id)))
    roles |= set(on_side(ENTITY, account_roles(user, contrato.entidad_id)))
    return roles


def membership_roles(membresia: Membresia) -> set[str]:
    """What an accepted membership lets its user act as, side-qualified; nothing otherwise."""
    if membresia.estado != "aceptado" or not membresia.rol:
        return set()
    return {f"{membresia.cuenta.tipo}.{membresia.rol}"}


def buyer_role(user: User, entidad_id: int) -> str | None:
    """The role the user manages this entity's processes under (recorded in the audit), or None."""
    roles = account_roles(user, entidad_id)
    return next((rol for rol in BUYER_MEMBER_ROLES if rol in roles), None)


def recorded_role(roles: Iterable[str]) -> str:
    """The side an action on a contract is recorded under: supervisor, contractor, then entity."""
    roles = set(roles)
    if has_role(roles, SUPERVISOR_ROLES):
        return SUPERVISOR
    if has_role(roles, CONTRACTOR_ROLES):
        return PROVIDER
    return ENTITY if has_role(roles, BUYER_ROLES) else ""


def require(roles: set[str], allowed: Iterable[str]) -> None:
    """403 unless one of ``roles`` is in ``allowed``."""
    if not has_role(roles, allowed):
        abort(403)


def require_account_role(cuenta: Cuenta, *allowed: str) -> None:
    require(account_roles(current_user, cuenta.id), allowed)


def require_contract_role(contrato: Contrato, *allowed: str) -> None:
    """E.g. ``require_contract_role(contrato, *BUYER_ROLES)``."""
    require(contract_roles(current_user, contrato), allowed)


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


def active_roles() -> set[str]:
    """What the active membership lets the user act as, side-qualified ("entidad.comprador")."""
    membresia = active_membership()
    return membership_roles(membresia) if membresia is not None else set()


def active_entity() -> Entidad:
    """The entity the user acts for now, as one of its buyers or administrators; 403 otherwise."""
    if not has_role(active_roles(), BUYER_ROLES):
        abort(403)
    return active_membership().cuenta


def tiene_permiso(permiso: str, sobre: Membresia | Iterable[str] | None = None) -> bool:
    """For templates: whether the viewer has ``permiso`` (a key of ``PERMISSIONS``).

    ``sobre`` says on what: a contract's roles (``roles`` in the contract pages; empty for the
    public), a membership, or by default the account the user acts for now.
    """
    if sobre is None:
        roles = active_roles()
    elif isinstance(sobre, Membresia):
        roles = membership_roles(sobre)
    else:
        roles = set(sobre)
    return has_role(roles, PERMISSIONS[permiso])
