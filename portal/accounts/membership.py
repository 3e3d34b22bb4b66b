"""Access requests and member administration. Flush and log, never commit.

Every rule a person can break raises ``Refused`` with the Spanish message to show.
"""

from sqlalchemy import select

from portal import access, audit, clock
from portal.errors import Refused
from portal.extensions import db
from portal.models import Cuenta, Membresia, User
from portal.models.vocab import ROLES

LAST_ADMINISTRATOR = (
    "La cuenta debe tener al menos un Usuario Administrador. Asigne primero el rol de "
    "Administrador a otro miembro y luego haga este cambio."
)


def roles_for(cuenta: Cuenta) -> dict[str, str]:
    """The roles a member of this kind of account may have, with their labels."""
    return {rol: ROLES[rol] for rol in access.ACCOUNT_ROLES[cuenta.tipo]}


def default_role(cuenta: Cuenta) -> str:
    """The role preselected when accepting a request: the one that is not Administrador."""
    return next(rol for rol in roles_for(cuenta) if rol != access.ADMINISTRADOR)


def memberships_of(user: User, cuenta: Cuenta, *estados: str) -> list[Membresia]:
    return list(
        db.session.scalars(
            select(Membresia).where(
                Membresia.usuario_id == user.id,
                Membresia.cuenta_id == cuenta.id,
                Membresia.estado.in_(estados),
            )
        )
    )


def administrators(cuenta: Cuenta, *, lock: bool = False) -> list[Membresia]:
    """Accepted Administrador memberships; ``lock`` holds them until commit (PostgreSQL)."""
    query = select(Membresia).where(
        Membresia.cuenta_id == cuenta.id,
        Membresia.rol == access.ADMINISTRADOR,
        Membresia.estado == "aceptado",
    )
    return list(db.session.scalars(query.with_for_update() if lock else query))


def administered(cuenta_ids: list[int]) -> set[int]:
    """Which of these accounts have at least one accepted Administrador (one query)."""
    if not cuenta_ids:
        return set()
    query = select(Membresia.cuenta_id).where(
        Membresia.cuenta_id.in_(cuenta_ids),
        Membresia.rol == access.ADMINISTRADOR,
        Membresia.estado == "aceptado",
    )
    return set(db.session.scalars(query.distinct()))


def request_access(user: User, cuenta: Cuenta) -> Membresia:
    """A pending request of ``user`` to act for ``cuenta``."""
    if cuenta.estado != "activa":
        raise Refused("Esa cuenta todavía no está activa: no recibe solicitudes.")
    if memberships_of(user, cuenta, "aceptado"):
        raise Refused(f"Usted ya pertenece a la cuenta {cuenta.nombre}.")
    if memberships_of(user, cuenta, "pendiente"):
        raise Refused(
            f"Ya tiene una solicitud pendiente para {cuenta.nombre}. "
            "Espere la respuesta de su Administrador o cancélela en «Mis registros»."
        )
    membresia = Membresia(usuario=user, cuenta=cuenta, rol="", estado="pendiente")
    db.session.add(membresia)
    audit.record(
        "membresia.solicitada",
        membresia,
        f"{user.nombres} solicitó acceso a {cuenta.nombre}",
        cambios={"estado": [None, "pendiente"]},
    )
    return membresia


def cancel_request(user: User, membresia: Membresia) -> None:
    if membresia.usuario_id != user.id or membresia.estado != "pendiente":
        raise Refused("Solo puede cancelar sus propias solicitudes pendientes.")
    _set_state(membresia, "cancelado", user, "membresia.cancelada", "canceló su solicitud")


def accept(membresia: Membresia, rol: str, actor: User) -> None:
    _require_pending(membresia)
    _require_role(membresia.cuenta, rol)
    membresia.rol = rol
    _set_state(membresia, "aceptado", actor, "membresia.aceptada", f"aceptada como {rol}", rol=rol)


def reject(membresia: Membresia, motivo: str, actor: User) -> None:
    _require_pending(membresia)
    membresia.mensaje = " ".join(motivo.split())[:500]
    _set_state(membresia, "rechazado", actor, "membresia.rechazada", "rechazada")


def change_role(membresia: Membresia, rol: str, actor: User) -> None:
    _require_accepted(membresia)
    _require_role(membresia.cuenta, rol)
    if rol == membresia.rol:
        raise Refused("El usuario ya tiene ese rol.")
    if membresia.rol == access.ADMINISTRADOR:
        _keep_one_administrator(membresia)
    before = membresia.rol
    membresia.rol = rol
    audit.record(
        "membresia.rol_cambiado",
        membresia,
        f"Rol de {membresia.usuario.nombres} en {membresia.cuenta.nombre}: {before} → {rol}",
        cambios=audit.diff({"rol": before}, {"rol": rol}),
        actor=actor,
    )


def deactivate(membresia: Membresia, actor: User) -> None:
    _require_accepted(membresia)
    if membresia.rol == access.ADMINISTRADOR:
        _keep_one_administrator(membresia)
    _set_state(membresia, "desactivado", actor, "membresia.desactivada", "desactivada")


def _keep_one_administrator(leaving: Membresia) -> None:
    others = [m for m in administrators(leaving.cuenta, lock=True) if m.id != leaving.id]
    if not others:
        raise Refused(LAST_ADMINISTRATOR)


def _set_state(
    membresia: Membresia, estado: str, actor: User, accion: str, texto: str, **extra
) -> None:
    before = {"estado": membresia.estado}
    membresia.estado = estado
    membresia.decidido_en = clock.now()
    membresia.decidido_por = actor
    audit.record(
        accion,
        membresia,
        f"Solicitud de {membresia.usuario.nombres} a {membresia.cuenta.nombre}: {texto}",
        cambios=audit.diff(before, {"estado": estado}) | audit.diff({}, extra),
        actor=actor,
    )


def _require_pending(membresia: Membresia) -> None:
    if membresia.estado != "pendiente":
        raise Refused("Esa solicitud ya fue respondida o cancelada.")


def _require_accepted(membresia: Membresia) -> None:
    if membresia.estado != "aceptado":
        raise Refused("Ese usuario no es miembro activo de la cuenta.")


def _require_role(cuenta: Cuenta, rol: str) -> None:
    if rol not in roles_for(cuenta):
        raise Refused("Elija uno de los roles de la lista.")
