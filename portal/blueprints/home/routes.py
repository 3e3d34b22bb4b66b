"""Home page and the health check."""

from datetime import UTC, datetime

from flask import jsonify, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal import http, listing, search
from portal.blueprints.home import bp
from portal.extensions import db

RECENT_COUNT = 10
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@bp.get("/")
def index():
    recientes = listing.recent(RECENT_COUNT)
    changed = max((p.actualizado_en for p in recientes), default=EPOCH)
    return http.render_validated(
        changed,
        [p.id for p in recientes],
        lambda: render_template("home/inicio.html", recientes=recientes),
    )


@bp.get("/salud")
def health():
    """Report database and index status as JSON; 503 when the database is unreachable."""
    try:
        db.session.execute(text("SELECT 1"))
        base = {"estado": "ok", "motor": db.engine.dialect.name}
    except SQLAlchemyError as error:
        db.session.rollback()
        base = {"estado": "error", "detalle": type(error).__name__}
    indice = search.status()
    ok = base["estado"] == "ok"
    body = {"estado": "ok" if ok else "error", "base_de_datos": base, "indice": indice}
    return jsonify(body), 200 if ok else 503
