"""Load the account or membership a view needs, or answer 404/403."""

from flask import abort

from portal.access import ADMINISTRATOR_MEMBER_ROLES, require_account_role
from portal.extensions import db
from portal.models import Cuenta, Membresia


def load_account_as_administrator(cuenta_id: int) -> Cuenta:
    """The account, if the current user is one of its Administradores (else 404/403)."""
    cuenta = db.get_or_404(Cuenta, cuenta_id)
    require_account_role(cuenta, *ADMINISTRATOR_MEMBER_ROLES)
    return cuenta


def load_member(cuenta: Cuenta, membresia_id: int) -> Membresia:
    membresia = db.get_or_404(Membresia, membresia_id)
    if membresia.cuenta_id != cuenta.id:
        abort(404)
    return membresia
