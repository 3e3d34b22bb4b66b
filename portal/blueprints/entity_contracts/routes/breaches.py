"""The entity registers a breach, publishes its documents and moves it through its states."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.blueprints.entity_contracts import bp
from portal.blueprints.entity_contracts.forms import EstadoIncumplimientoForm, IncumplimientoForm
from portal.blueprints.entity_contracts.loaders import breach_of, contract_for_entity
from portal.contracts import breaches
from portal.contracts.history import object_history
from portal.contracts.management_uploads import DOCUMENTO_INCUMPLIMIENTO
from portal.extensions import db

INC_URL = "/entidad/contratos/<id_contrato>/incumplimientos/<int:incumplimiento_id>"


@bp.route("/entidad/contratos/<id_contrato>/incumplimientos/nuevo", methods=["GET", "POST"])
@login_required
def new_breach(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    form = IncumplimientoForm()
    if form.validate_on_submit():
        incumplimiento = breaches.register(
            contrato,
            current_user,
            tipo=form.tipo.data,
            descripcion=form.descripcion.data,
            fecha=form.fecha.data,
            acto_administrativo=form.acto_administrativo.data,
            valor_sancion=form.valor_sancion.data,
            estado=form.estado.data,
        )
        db.session.commit()
        flash("Se registró el incumplimiento. Publique el acto administrativo.", "ok")
        return redirect(_url(incumplimiento), 303)
    status = 422 if form.is_submitted() else 200
    page = render_template(
        "entity_contracts/incumplimiento_nuevo.html", contrato=contrato, form=form
    )
    return page, status


@bp.get(INC_URL)
@login_required
def breach(id_contrato: str, incumplimiento_id: int):
    contrato = contract_for_entity(id_contrato)
    incumplimiento = breach_of(contrato, incumplimiento_id)
    return _render(incumplimiento, EstadoIncumplimientoForm(estado=incumplimiento.estado))


def _render(incumplimiento, form, status: int = 200):
    contrato = incumplimiento.contrato
    objetivo = {
        "proposito": DOCUMENTO_INCUMPLIMIENTO,
        "contrato_id": contrato.id,
        "incumplimiento_id": incumplimiento.id,
    }
    page = render_template(
        "entity_contracts/incumplimiento.html",
        contrato=contrato,
        incumplimiento=incumplimiento,
        form=form,
        objetivo=objetivo,
        eventos=object_history(incumplimiento),
    )
    return page, status


@bp.post(f"{INC_URL}/estado")
@login_required
def breach_state(id_contrato: str, incumplimiento_id: int):
    contrato = contract_for_entity(id_contrato)
    incumplimiento = breach_of(contrato, incumplimiento_id)
    form = EstadoIncumplimientoForm()
    if not form.validate_on_submit():
        return _render(incumplimiento, form, 422)
    breaches.change_state(incumplimiento, current_user, form.estado.data, form.nota.data)
    db.session.commit()
    flash("Se actualizó el estado del incumplimiento.", "ok")
    return redirect(_url(incumplimiento), 303)


def _url(incumplimiento) -> str:
    return url_for(
        "entity_contracts.breach",
        id_contrato=incumplimiento.contrato.id_contrato,
        incumplimiento_id=incumplimiento.id,
    )
