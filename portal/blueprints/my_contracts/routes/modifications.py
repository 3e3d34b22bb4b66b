"""The contractor's side of a modification: read it, download its document, approve or reject it.

Lives under /mis-contratos/ next to the contractor's other pages; section 8 of Mis contratos
links here through the shared partial contratos/_modificaciones.html.
"""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal import access
from portal.blueprints.my_contracts import bp
from portal.blueprints.my_contracts.forms import RechazoForm
from portal.blueprints.my_contracts.loaders import contract_for, modification_of
from portal.contracts import modifications, notify
from portal.downloads import send_unpublished
from portal.errors import Refused
from portal.extensions import db

URL = "/mis-contratos/<id_contrato>/modificaciones/<int:modificacion_id>"


def _load(id_contrato: str, modificacion_id: int):
    """The modification, once sent: a draft does not exist for the contractor."""
    contrato, _ = contract_for(id_contrato, *access.CONTRACTOR_ROLES)
    modificacion = modification_of(contrato, modificacion_id)
    if modificacion.enviada_en is None:
        abort(404)
    return contrato, modificacion


@bp.get(URL)
@login_required
def modification(id_contrato: str, modificacion_id: int):
    contrato, modificacion = _load(id_contrato, modificacion_id)
    return _render(contrato, modificacion, RechazoForm())


def _render(contrato, modificacion, form, error: str = "", status: int = 200):
    page = render_template(
        "entity_contracts/modificacion_contratista.html",
        contrato=contrato,
        modificacion=modificacion,
        form=form,
        error=error,
    )
    return page, status


@bp.post(f"{URL}/aprobar")
@login_required
def approve_modification(id_contrato: str, modificacion_id: int):
    contrato, modificacion = _load(id_contrato, modificacion_id)
    try:
        modifications.approve(modificacion, current_user)
    except Refused as regla:
        db.session.rollback()
        return _render(contrato, modificacion, RechazoForm(formdata=None), str(regla), 409)
    notify.modification_decided(modificacion)
    db.session.commit()
    flash("Aprobó la modificación. La entidad la publicará.", "ok")
    return redirect(_url(modificacion), 303)


@bp.post(f"{URL}/rechazar")
@login_required
def reject_modification(id_contrato: str, modificacion_id: int):
    contrato, modificacion = _load(id_contrato, modificacion_id)
    form = RechazoForm()
    if not form.validate_on_submit():
        return _render(contrato, modificacion, form, status=422)
    try:
        modifications.reject(modificacion, current_user, form.motivo.data)
    except Refused as regla:
        db.session.rollback()
        return _render(contrato, modificacion, form, str(regla), 409)
    notify.modification_decided(modificacion)
    db.session.commit()
    flash("Rechazó la modificación; la entidad recibió el motivo.", "ok")
    return redirect(_url(modificacion), 303)


@bp.get(f"{URL}/documento")
@login_required
def modification_document(id_contrato: str, modificacion_id: int):
    _contrato, modificacion = _load(id_contrato, modificacion_id)
    return send_unpublished(modificacion.documento)


def _url(modificacion) -> str:
    return url_for(
        "my_contracts.modification",
        id_contrato=modificacion.contrato.id_contrato,
        modificacion_id=modificacion.id,
    )
