"""Activate or reject entity accounts; name the first Administrador of an account that has none.

Flush and log, never commit.
"""

from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, joinedload

from portal import access, audit
from portal.accounts import membership
from portal.errors import Refused
from portal.extensions import db
from portal.models import Entidad, Membresia, User


def activate(entidad: Entidad, actor: User) -> None:
    _decide(entidad, "activa", "", actor, "cuenta.activada", "Cuenta activada")


def reject(entidad: Entidad, motivo: str, actor: User) -> None:
    motivo = " ".join(motivo.split())[:500]
    _decide(entidad, "rechazada", motivo, actor, "cuenta.rechazada", f"Cuenta rechazada: {motivo}")


def _decide(entidad: Entidad, estado: str, motivo: str, actor: User, accion: str, texto: str):
    if entidad.estado != "pendiente_activacion":
        # Another administrator decided it, or this one did a moment ago (a second click).
        raise Refused(f"La cuenta de {entidad.nombre} ya había sido revisada.")
    before = {"estado": entidad.estado, "motivo_rechazo": entidad.motivo_rechazo}
    entidad.estado = estado
    entidad.motivo_rechazo = motivo
    audit.record(
        accion,
        entidad,
        f"{texto} ({entidad.nombre}, NIT {entidad.nit})",
        cambios=audit.diff(before, {"estado": estado, "motivo_rechazo": motivo}),
        actor=actor,
        actor_rol="admin_plataforma",
    )


# --- accounts without an Administrador --------------------------------------------------------
# Entities imported from SECOP II (and any account whose last Administrador left) have nobody
# to answer access requests: the platform administrator names the first one.

NOT_ORPHAN = (
    "La cuenta {nombre} ya tiene Administrador: la solicitud la decide él, desde «Miembros»."
)


def requests_without_administrator() -> list[Membresia]:
    """Pending access requests to accounts that have no accepted Administrador, oldest first."""
    administrador = aliased(Membresia)
    has_administrator = exists().where(
        administrador.cuenta_id == Membresia.cuenta_id,
        administrador.rol == access.ADMINISTRADOR,
        administrador.estado == "aceptado",
    )
    return list(
        db.session.scalars(
            select(Membresia)
            .where(Membresia.estado == "pendiente", ~has_administrator)
            .options(joinedload(Membresia.usuario), joinedload(Membresia.cuenta))
            .order_by(Membresia.creado_en, Membresia.id)
        )
    )


def name_first_administrator(membresia: Membresia, actor: User) -> None:
    _require_orphan(membresia)
    membership.accept(membresia, access.ADMINISTRADOR, actor)


def reject_request(membresia: Membresia, motivo: str, actor: User) -> None:
    _require_orphan(membresia)
    membership.reject(membresia, motivo, actor)


def _require_orphan(membresia: Membresia) -> None:
    """The platform administrator never overrules an account's own Administradores."""
    if membership.administrators(membresia.cuenta, lock=True):
        raise Refused(NOT_ORPHAN.format(nombre=membresia.cuenta.nombre))
