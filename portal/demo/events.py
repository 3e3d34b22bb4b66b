"""Audit events of the demo history, as rows for bulk insertion (same shape as audit.record)."""

from datetime import datetime

from portal.demo.accounts import Persona


def event_row(
    accion: str,
    objeto_tipo: str,
    objeto_id: int,
    proceso_id: int | None,
    cuando: datetime,
    descripcion: str,
    *,
    actor: Persona | None = None,
    actor_nombre: str | None = None,
    actor_rol: str = "",
    publico: bool = True,
    cambios: dict | None = None,
) -> dict:
    """One Evento row; without an actor the event is the system's (or a named provider's)."""
    return {
        "creado_en": cuando,
        "actor_id": actor.id if actor else None,
        "actor_nombre": actor.nombre if actor else (actor_nombre or "Sistema"),
        "actor_rol": actor_rol,
        "accion": accion,
        "descripcion": descripcion[:500],
        "objeto_tipo": objeto_tipo,
        "objeto_id": objeto_id,
        "proceso_id": proceso_id,
        "publico": publico,
        "cambios": cambios or {},
        "ip": "",
    }
