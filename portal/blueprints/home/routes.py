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
# An unreachable database, or no search index at all (search would answer nothing). An index
# of an older version still answers, with a notice, so it is reported but not a failure.
FAILED_STATES = ("error", "sin_indice")


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
    """Report each part as JSON; 503 naming the parts that fail (for monitoring)."""
    partes = {"base_de_datos": _database_status(), "indice": search.status()}
    fallas = [nombre for nombre, parte in partes.items() if parte["estado"] in FAILED_STATES]
    body = {"estado": "error" if fallas else "ok", "fallas": fallas, **partes}
    return jsonify(body), 503 if fallas else 200


def _database_status() -> dict:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return {"estado": "error", "detalle": type(error).__name__}
    return {"estado": "ok", "motor": db.engine.dialect.name}
