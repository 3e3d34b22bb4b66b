"""Pages of the uploader: a standalone upload page, the plain form post, the receipt."""

import re

from flask import abort, redirect, render_template, request
from flask_login import current_user, login_required

from portal.blueprints.uploads import bp
from portal.blueprints.uploads.loaders import own_completed_upload
from portal.extensions import db
from portal.formatting import to_bogota
from portal.models import Contrato, SesionCarga
from portal.uploads import plain, sessions
from portal.uploads.validation import BLOCKED_EXTENSIONS, UploadRefused

_FIELD = re.compile(r"^[A-Za-z0-9_]{1,40}$")
NOT_TARGET = {"csrf_token", "archivo"}

# The partial is included by other features' pages: it must not depend on their views.
bp.add_app_template_global(sorted(BLOCKED_EXTENSIONS), "extensiones_bloqueadas")


def target_from(values) -> dict[str, str]:
    """The purpose and its target as sent by the page (proposito, contrato_id, tipo...)."""
    return {
        key: value.strip()[:2000]
        for key, value in values.items()
        if key not in NOT_TARGET and _FIELD.match(key)
    }


def cargador_context(target: dict[str, str], error: str = "") -> dict:
    contrato_id = sessions.contrato_id_of(target)
    contrato = db.session.get(Contrato, contrato_id) if contrato_id else None
    return {"objetivo": target, "contrato": contrato, "error": error}


@bp.get("/nueva")
@login_required
def new():
    target = target_from(request.args)
    try:
        sessions.authorize(current_user, target)
    except UploadRefused as refused:
        abort(refused.status)
    return render_template("uploads/nueva.html", **cargador_context(target))


@bp.post("/formulario")
@login_required
def plain_form():
    target = target_from(request.form)
    try:
        sesion = plain.receive(current_user, request.files.get("archivo"), target)
    except UploadRefused as refused:
        db.session.rollback()
        page = render_template("uploads/nueva.html", **cargador_context(target, str(refused)))
        return page, refused.status
    db.session.commit()
    return redirect(sesion.resultado_url, 303)


@bp.get("/acuse/<token>")
@login_required
def receipt(token: str):
    return render_acuse(own_completed_upload(token))


def render_acuse(sesion: SesionCarga) -> str:
    contrato = db.session.get(Contrato, sesion.contrato_id) if sesion.contrato_id else None
    recibido = to_bogota(sesion.completado_en).strftime("%d/%m/%Y %H:%M:%S")
    return render_template(
        "uploads/acuse.html", sesion=sesion, contrato=contrato, recibido=recibido
    )
