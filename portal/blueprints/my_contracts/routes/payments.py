"""The payment plan: create a request, attach the invoice, send it, decide on it, pay it."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal import access
from portal.blueprints.my_contracts import bp
from portal.blueprints.my_contracts.forms import DecisionForm, SolicitudPagoForm
from portal.blueprints.my_contracts.loaders import contract_for, payment_request_of
from portal.blueprints.my_contracts.routes.detail import permisos
from portal.contracts import payments
from portal.errors import Refused
from portal.extensions import db

PAGO_URL = "/mis-contratos/<id_contrato>/pagos/<int:solicitud_id>"


@bp.route("/mis-contratos/<id_contrato>/pagos/nueva", methods=["GET", "POST"])
@login_required
def new_payment_request(id_contrato: str):
    contrato, _roles = contract_for(id_contrato, *access.CONTRACTOR_ROLES)
    form = SolicitudPagoForm()
    if form.validate_on_submit():
        numero = form.numero_factura.data.strip()
        try:
            solicitud = payments.create(
                contrato, current_user, numero, form.fecha_emision.data, form.valor.data
            )
        except Refused as refused:
            form.numero_factura.errors = [*form.numero_factura.errors, str(refused)]
        else:
            db.session.commit()
            flash("Solicitud creada. Anexe la factura y envíela a la Entidad Estatal.", "ok")
            return redirect(
                url_for(".payment_request", id_contrato=id_contrato, solicitud_id=solicitud.id), 303
            )
    status = 400 if form.errors else 200
    return render_template("my_contracts/pago_nuevo.html", contrato=contrato, form=form), status


@bp.get(PAGO_URL)
@login_required
def payment_request(id_contrato: str, solicitud_id: int):
    contrato, roles = contract_for(id_contrato, *access.CONTRACT_READERS)
    return render_solicitud(contrato, roles, payment_request_of(contrato, solicitud_id))


def render_solicitud(contrato, roles, solicitud, form=None, error: str = "", status: int = 200):
    page = render_template(
        "my_contracts/pago.html",
        contrato=contrato,
        solicitud=solicitud,
        puede=permisos(roles),
        form=form or DecisionForm(),
        error=error,
    )
    return page, status


def volver(contrato, solicitud):
    return redirect(
        url_for(".payment_request", id_contrato=contrato.id_contrato, solicitud_id=solicitud.id),
        303,
    )


@bp.post(f"{PAGO_URL}/enviar")
@login_required
def send_payment_request(id_contrato: str, solicitud_id: int):
    contrato, roles = contract_for(id_contrato, *access.CONTRACTOR_ROLES)
    solicitud = payment_request_of(contrato, solicitud_id)
    try:
        payments.send(solicitud, current_user)
    except Refused as refused:
        db.session.rollback()
        return render_solicitud(
            contrato, roles, solicitud, error=str(refused), status=refused.status
        )
    db.session.commit()
    flash(f"La factura {solicitud.numero_factura} se envió a la Entidad Estatal.", "ok")
    return volver(contrato, solicitud)


@bp.post(f"{PAGO_URL}/revisar")
@login_required
def review_payment_request(id_contrato: str, solicitud_id: int):
    contrato, roles = contract_for(id_contrato, *access.SUPERVISOR_ROLES)
    solicitud = payment_request_of(contrato, solicitud_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_solicitud(contrato, roles, solicitud, form, status=400)
    try:
        payments.review(solicitud, current_user, form.aprueba, form.observacion.data or "")
    except Refused as refused:
        db.session.rollback()
        return render_solicitud(contrato, roles, solicitud, form, str(refused), refused.status)
    db.session.commit()
    flash(
        f"Solicitud de la factura {solicitud.numero_factura}: {solicitud.estado_label.lower()}.",
        "ok",
    )
    return volver(contrato, solicitud)


@bp.post(f"{PAGO_URL}/pagar")
@login_required
def pay_payment_request(id_contrato: str, solicitud_id: int):
    contrato, roles = contract_for(id_contrato, *access.PAYER_ROLES)
    solicitud = payment_request_of(contrato, solicitud_id)
    try:
        payments.pay(solicitud, current_user, access.recorded_role(roles))
    except Refused as refused:
        db.session.rollback()
        return render_solicitud(
            contrato, roles, solicitud, error=str(refused), status=refused.status
        )
    db.session.commit()
    flash(f"Se registró el pago de la factura {solicitud.numero_factura}.", "ok")
    return volver(contrato, solicitud)
