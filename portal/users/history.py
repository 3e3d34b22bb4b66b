"""The access history a user sees in "Mi cuenta": logins, logouts, failures and locks."""

from flask import current_app, has_request_context, request
from sqlalchemy import func, select

from portal import clock
from portal.extensions import db
from portal.models import Acceso, User
from portal.users.useragent import summarize


def client_ip() -> str:
    return (request.remote_addr or "")[:45] if has_request_context() else ""


def client_browser() -> str:
    return summarize(request.headers.get("User-Agent")) if has_request_context() else ""


def record_access(user: User, tipo: str) -> Acceso:
    """Add one line to ``user``'s access history (flushed by the caller's commit)."""
    acceso = Acceso(
        usuario_id=user.id,
        tipo=tipo,
        creado_en=clock.now(),
        ip=client_ip(),
        navegador=client_browser()[:120],
    )
    db.session.add(acceso)
    return acceso


def access_page(user: User, page: int) -> tuple[list[Acceso], int]:
    """Return one page of ``user``'s history, newest first, and the total count."""
    size = current_app.config["ACCESOS_POR_PAGINA"]
    query = select(Acceso).where(Acceso.usuario_id == user.id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(
        query.order_by(Acceso.creado_en.desc(), Acceso.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return list(rows), total
