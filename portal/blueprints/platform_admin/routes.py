"""The platform administrator: review entity accounts, activate or reject them, and answer
access requests to accounts that have no Administrador yet."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.access import platform_admin_required
from portal.accounts import activation, queries
from portal.accounts.documents import evidence_of
from portal.accounts.notify import send_decision, send_entity_decision
from portal.blueprints.platform_admin import bp
from portal.blueprints.platform_admin.forms import (
    ActivarForm,
    RechazarCuentaForm,
    RechazarSolicitudForm,
)
from portal.blueprints.platform_admin.loaders import load_entidad
from portal.errors import Refused
from portal.extensions import db
from portal.models import Entidad, Membresia


@bp.get("/cuentas")
@platform_admin_required
def accounts():
    """Entity accounts waiting for activation, oldest first."""
    pendientes = queries.pending_entities()
    solicitudes = len(activation.requests_without_administrator())
    return render_template(
        "platform_admin/cuentas.html", pendientes=pendientes, solicitudes=solicitudes
    )


@bp.get("/cuentas/<int:cuenta_id>")
@platform_admin_required
def account(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    return _render_detail(entidad, RechazarCuentaForm())


def _render_detail(entidad: Entidad, rechazar_form: RechazarCuentaForm, status: int = 200):
    context = {
        "entidad": entidad,
        "documentos": queries.account_documents(entidad),
        "activar_form": ActivarForm(),
        "rechazar_form": rechazar_form,
    }
    return render_template("platform_admin/cuenta.html", **context), status


@bp.post("/cuentas/<int:cuenta_id>/activar")
@platform_admin_required
def activate(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    if not ActivarForm().validate_on_submit():
        abort(400)
    return _decide(entidad, lambda: activation.activate(entidad, current_user), "quedó activa")


@bp.post("/cuentas/<int:cuenta_id>/rechazar")
@platform_admin_required
def reject(cuenta_id: int):
    entidad = load_entidad(cuenta_id)
    form = RechazarCuentaForm()
    if not form.validate_on_submit():
        return _render_detail(entidad, form, 422)
    return _decide(
        entidad, lambda: activation.reject(entidad, form.motivo.data, current_user), "fue rechazada"
    )


def _decide(entidad: Entidad, action, resultado: str):
    try:
        action()
    except Refused as refused:
        flash(refused.message, "alerta")
        return redirect(url_for(".accounts"))
    mail = send_entity_decision(entidad)
    db.session.commit()
    aviso = " Se avisó por correo a quien la registró." if mail and mail.sent else ""
    flash(f"La cuenta de {entidad.nombre} {resultado}.{aviso}", "ok")
    return redirect(url_for(".accounts"))


@bp.get("/solicitudes")
@platform_admin_required
def requests():
    """Access requests to accounts without Administrador: the first one is named here."""
    return _render_requests()


def rejection_form(membresia_id: int) -> RechazarSolicitudForm:
    # One form per request on the page: the prefix keeps their fields' ids apart.
    return RechazarSolicitudForm(prefix=f"solicitud-{membresia_id}")


def _render_requests(failed: RechazarSolicitudForm | None = None, failed_id: int = 0):
    pending = activation.requests_without_administrator()
    forms = {m.id: failed if m.id == failed_id else rejection_form(m.id) for m in pending}
    return render_template(
        "platform_admin/solicitudes.html",
        solicitudes=pending,
        evidencias=evidence_of(pending),
        aceptar_form=ActivarForm(),
        rechazar_forms=forms,
    ), (422 if failed else 200)


@bp.post("/solicitudes/<int:membresia_id>/aceptar")
@platform_admin_required
def accept_request(membresia_id: int):
    membresia = db.get_or_404(Membresia, membresia_id)
    if not ActivarForm().validate_on_submit():
        abort(400)
    return _answer(
        membresia,
        lambda: activation.name_first_administrator(membresia, current_user),
        f"{membresia.usuario.nombres} es ahora Administrador de {membresia.cuenta.nombre}.",
    )


@bp.post("/solicitudes/<int:membresia_id>/rechazar")
@platform_admin_required
def reject_request(membresia_id: int):
    membresia = db.get_or_404(Membresia, membresia_id)
    form = rejection_form(membresia.id)
    if not form.validate_on_submit():
        return _render_requests(form, membresia.id)
    return _answer(
        membresia,
        lambda: activation.reject_request(membresia, form.motivo.data, current_user),
        f"Rechazó la solicitud de {membresia.usuario.nombres} a {membresia.cuenta.nombre}.",
    )


def _answer(membresia: Membresia, action, message: str):
    try:
        action()
    except Refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".requests"))
    send_decision(membresia)
    db.session.commit()
    flash(message, "ok")
    return redirect(url_for(".requests"))
