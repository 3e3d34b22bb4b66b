"""The entity drafts a modification, attaches its document, sends it, publishes it or withdraws it."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.accounts.queries import provider_by_document
from portal.blueprints.entity_contracts import bp
from portal.blueprints.entity_contracts.forms import ModificacionForm
from portal.blueprints.entity_contracts.loaders import (
    contract_for_entity,
    modification_of,
)
from portal.contracts import modifications, notify
from portal.contracts.history import object_history
from portal.contracts.management_uploads import DOCUMENTO_MODIFICACION
from portal.downloads import send_unpublished
from portal.errors import Refused
from portal.extensions import db
from portal.models import Contrato, Proveedor

MOD_URL = "/entidad/contratos/<id_contrato>/modificaciones/<int:modificacion_id>"


@bp.route("/entidad/contratos/<id_contrato>/modificaciones/nueva", methods=["GET", "POST"])
@login_required
def new_modification(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    form = ModificacionForm()
    error = ""
    if form.validate_on_submit():
        try:
            modificacion = modifications.create(contrato, current_user, **_fields(form))
        except Refused as regla:
            db.session.rollback()
            error = str(regla)
        else:
            db.session.commit()
            flash("Se creó el borrador. Adjunte el documento y envíelo al contratista.", "ok")
            return redirect(_url(modificacion), 303)
    status = 422 if form.is_submitted() else 200
    page = render_template(
        "entity_contracts/modificacion_nueva.html", contrato=contrato, form=form, error=error
    )
    return page, status


def _fields(form: ModificacionForm) -> dict:
    tipo = form.tipo.data
    return {
        "tipo": tipo,
        "descripcion": form.descripcion.data,
        "valor_adicion": form.valor_adicion.data if tipo == "adicion" else None,
        "nueva_fecha_fin": form.nueva_fecha_fin.data
        if tipo in ("prorroga", "reanudacion")
        else None,
        "cesionario": _provider(form.cesionario.data) if tipo == "cesion" else None,
    }


def _provider(numero: str | None) -> Proveedor | None:
    """The provider account with that document number; the service explains a missing one."""
    numero = "".join(ch for ch in (numero or "") if ch.isalnum())
    if not numero:
        return None
    found = provider_by_document(numero)
    if found is None:
        raise Refused(
            f"No hay una cuenta de proveedor con el documento {numero}. "
            "El cesionario debe registrarse en el portal antes de la cesión."
        )
    return found


@bp.get(MOD_URL)
@login_required
def modification(id_contrato: str, modificacion_id: int):
    contrato = contract_for_entity(id_contrato)
    modificacion = modification_of(contrato, modificacion_id)
    objetivo = {
        "proposito": DOCUMENTO_MODIFICACION,
        "contrato_id": contrato.id,
        "modificacion_id": modificacion.id,
    }
    return render_template(
        "entity_contracts/modificacion.html",
        contrato=contrato,
        modificacion=modificacion,
        objetivo=objetivo,
        eventos=object_history(modificacion),
    )


@bp.post(f"{MOD_URL}/enviar")
@login_required
def send_modification(id_contrato: str, modificacion_id: int):
    contrato = contract_for_entity(id_contrato)
    modificacion = modification_of(contrato, modificacion_id)

    def send_and_ask(modificacion, actor) -> None:
        modifications.send(modificacion, actor)
        notify.modification_sent(modificacion)

    _act(send_and_ask, modificacion, "Se envió la modificación al contratista.")
    return redirect(_url(modificacion), 303)


@bp.post(f"{MOD_URL}/publicar")
@login_required
def publish_modification(id_contrato: str, modificacion_id: int):
    contrato = contract_for_entity(id_contrato)
    modificacion = modification_of(contrato, modificacion_id)
    _act(modifications.publish, modificacion, "Se publicó la modificación; el contrato cambió.")
    return redirect(_url(modificacion), 303)


@bp.post(f"{MOD_URL}/anular")
@login_required
def cancel_modification(id_contrato: str, modificacion_id: int):
    contrato = contract_for_entity(id_contrato)
    modificacion = modification_of(contrato, modificacion_id)
    _act(modifications.cancel, modificacion, "Se anuló la modificación.")
    return redirect(_url(modificacion), 303)


@bp.get(f"{MOD_URL}/documento")
@login_required
def modification_document(id_contrato: str, modificacion_id: int):
    contrato = contract_for_entity(id_contrato)
    return send_unpublished(modification_of(contrato, modificacion_id).documento)


def _act(action, modificacion, done: str) -> bool:
    """Run one state change, commit it, and tell the person what happened (or why not)."""
    try:
        action(modificacion, current_user)
    except Refused as regla:
        db.session.rollback()
        flash(str(regla), "error")
        return False
    db.session.commit()
    flash(done, "ok")
    return True


def _url(modificacion) -> str:
    contrato: Contrato = modificacion.contrato
    return url_for(
        "entity_contracts.modification",
        id_contrato=contrato.id_contrato,
        modificacion_id=modificacion.id,
    )
