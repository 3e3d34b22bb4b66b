"""The platform administrator: review entity accounts, activate or reject them."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from portal.access import platform_admin_required
from portal.blueprints.admin import bp, services
from portal.blueprints.admin.forms import ActivarForm, RechazarCuentaForm
from portal.blueprints.cuentas.notify import send_entity_decision
from portal.extensions import db
from portal.models import DocumentoCuenta, Entidad


def load_entidad(cuenta_id: int) -> Entidad:
    entidad = db.session.get(Entidad, cuenta_id)
    if entidad is None:
        abort(404)
    return entidad


@bp.get("/cuentas")
@platform_admin_required
def cuentas():
    """Entity accounts waiting for activation, oldest first."""
    pendientes = db.session.scalars(
        select(Entidad)
        .where(Entidad.estado == "pendiente_activacion")
        .order_by(Entidad.creado_en, Entidad.id)
    ).all()
    return render_template("admin/cuentas.html", pendientes=pendientes)


@bp.get("/cuentas/<int:cuenta_id>")
@platform_admin_required
def cuenta(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    return _render_detail(entidad, RechazarCuentaForm())


def _render_detail(entidad: Entidad, rechazar_form: RechazarCuentaForm, status: int = 200):
    documentos = db.session.scalars(
        select(DocumentoCuenta).where(DocumentoCuenta.cuenta_id == entidad.id)
    ).all()
    context = {
        "entidad": entidad,
        "documentos": documentos,
        "activar_form": ActivarForm(),
        "rechazar_form": rechazar_form,
    }
    return render_template("admin/cuenta.html", **context), status


@bp.post("/cuentas/<int:cuenta_id>/activar")
@platform_admin_required
def activar(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    if not ActivarForm().validate_on_submit():
        abort(400)
    return _decide(entidad, lambda: services.activate(entidad, current_user), "quedó activa")


@bp.post("/cuentas/<int:cuenta_id>/rechazar")
@platform_admin_required
def rechazar(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    form = RechazarCuentaForm()
    if not form.validate_on_submit():
        return _render_detail(entidad, form, 422)
    return _decide(
        entidad, lambda: services.reject(entidad, form.motivo.data, current_user), "fue rechazada"
    )


def _decide(entidad: Entidad, action, resultado: str):
    try:
        action()
    except services.NotPending:
        flash(f"La cuenta de {entidad.nombre} ya había sido revisada.", "alerta")
        return redirect(url_for(".cuentas"))
    db.session.commit()
    sent = send_entity_decision(entidad)
    aviso = " Se avisó por correo a quien la registró." if sent else ""
    flash(f"La cuenta de {entidad.nombre} {resultado}.{aviso}", "ok")
    return redirect(url_for(".cuentas"))
