"""Activate or reject entity accounts. Flush and log, never commit."""

from portal import audit
from portal.models import Entidad, User


class NotPending(Exception):
    """The account was already decided (by another administrator, or a moment ago)."""


def activate(entidad: Entidad, actor: User) -> None:
    _decide(entidad, "activa", "", actor, "cuenta.activada", "Cuenta activada")


def reject(entidad: Entidad, motivo: str, actor: User) -> None:
    motivo = " ".join(motivo.split())[:500]
    _decide(entidad, "rechazada", motivo, actor, "cuenta.rechazada", f"Cuenta rechazada: {motivo}")


def _decide(entidad: Entidad, estado: str, motivo: str, actor: User, accion: str, texto: str):
    if entidad.estado != "pendiente_activacion":
        raise NotPending
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
