"""Signed-in sessions: start with a fresh cookie, end for real, expire when idle or too old.

Flask's cookie session has no server-side id, so each login also opens a ``Sesion`` row whose
random id lives in the cookie; every request checks it, so logout and timeouts cannot be undone
by replaying an old cookie.
"""

import secrets
from datetime import timedelta

from flask import current_app, flash, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select, update

from portal import clock
from portal.access import ACTIVE_ACCOUNT_KEY
from portal.extensions import db
from portal.models import Sesion, User
from portal.users.codes import token_hash
from portal.users.history import client_browser, client_ip, record_access

SESSION_ID_KEY = "_sesion"
# Record activity at most once a minute: a sliding timeout does not need a write per request.
ACTIVITY_GRANULARITY = timedelta(minutes=1)


def start_session(user: User, *, record: bool = True) -> None:
    """Log ``user`` in on a brand-new session (nothing from before the login survives)."""
    session.clear()
    login_user(user)
    sid = secrets.token_urlsafe(32)
    now = clock.now()
    db.session.add(
        Sesion(
            usuario_id=user.id,
            sid_hash=token_hash(sid),
            iniciada_en=now,
            ultima_actividad_en=now,
            ip=client_ip(),
            navegador=client_browser()[:120],
        )
    )
    session[SESSION_ID_KEY] = sid
    if record:
        record_access(user, "ingreso")


def restart_session(user: User) -> None:
    """Give this browser a new session after a password change, keeping the active account."""
    membresia_id = session.get(ACTIVE_ACCOUNT_KEY)
    start_session(user, record=False)
    if membresia_id is not None:
        session[ACTIVE_ACCOUNT_KEY] = membresia_id


def end_session(tipo: str = "salida") -> None:
    """Close the current session here and in the browser, noting why in the history."""
    sesion = current_session()
    if sesion is not None and sesion.cerrada_en is None:
        sesion.cerrada_en = clock.now()
    if current_user.is_authenticated:
        record_access(current_user, tipo)
    logout_user()
    session.clear()


def end_all_sessions(user: User) -> None:
    """End every session of ``user`` on every device (the login id embeds version_sesion)."""
    user.version_sesion += 1
    db.session.execute(
        update(Sesion)
        .where(Sesion.usuario_id == user.id, Sesion.cerrada_en.is_(None))
        .values(cerrada_en=clock.now())
    )


def current_session() -> Sesion | None:
    sid = session.get(SESSION_ID_KEY)
    if not sid:
        return None
    return db.session.scalar(select(Sesion).where(Sesion.sid_hash == token_hash(sid)))


def enforce_session_limits() -> None:
    """Before each request: log out sessions that were closed, idle too long or too old."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return
    sesion, now = current_session(), clock.now()
    if sesion is None or sesion.usuario_id != current_user.id or sesion.cerrada_en is not None:
        logout_user()
        session.clear()
        return
    config = current_app.config
    idle = timedelta(minutes=config["SESION_INACTIVIDAD_MINUTOS"])
    absolute = timedelta(hours=config["SESION_MAXIMA_HORAS"])
    if now - sesion.ultima_actividad_en > idle or now - sesion.iniciada_en > absolute:
        end_session("vencida")
        db.session.commit()
        flash("Su sesión terminó por seguridad. Ingrese de nuevo para continuar.", "alerta")
        return
    if now - sesion.ultima_actividad_en >= ACTIVITY_GRANULARITY:
        sesion.ultima_actividad_en = now
        db.session.commit()
