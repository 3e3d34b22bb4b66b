"""Write audit events. Services call ``record`` for every mutation; the view commits."""

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from portal.extensions import db
from portal.models import Evento, Proceso


def record(
    accion: str,
    objeto: Any,
    descripcion: str = "",
    *,
    cambios: dict[str, Any] | None = None,
    publico: bool = False,
    proceso: Proceso | None = None,
    actor: Any = None,
    actor_rol: str = "",
) -> Evento:
    """Add an event for ``objeto`` (flushed, not committed) and return it."""
    db.session.flush()  # the object needs its id
    actor = actor if actor is not None else _current_actor()
    proceso = proceso or _proceso_of(objeto)
    evento = Evento(
        accion=accion,
        descripcion=descripcion[:500],
        objeto_tipo=type(objeto).__tablename__,
        objeto_id=objeto.id,
        proceso_id=proceso.id if proceso else None,
        publico=publico,
        cambios=cambios or {},
        actor_id=actor.id if actor else None,
        actor_nombre=actor.nombres if actor else "Sistema",
        actor_rol=actor_rol,
        ip=(request.remote_addr or "") if has_request_context() else "",
    )
    db.session.add(evento)
    return evento


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return {field: [old, new]} for the fields that changed, JSON-friendly."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(value)]
        for key, value in after.items()
        if before.get(key) != value
    }


def _jsonable(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str | bool) else str(value)


def _proceso_of(objeto: Any) -> Proceso | None:
    if isinstance(objeto, Proceso):
        return objeto
    return getattr(objeto, "proceso", None)


def _current_actor():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None
