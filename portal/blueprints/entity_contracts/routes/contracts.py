"""The entity's contracts: list, "contratos por cerrar", one contract's management, liquidation, closure."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.blueprints.entity_contracts import bp
from portal.blueprints.entity_contracts.forms import RequiereLiquidacionForm
from portal.blueprints.entity_contracts.loaders import contract_for_entity
from portal.contracts import closure, history, notify, queries
from portal.contracts.management_uploads import ACTA_LIQUIDACION, CONSTANCIA_CIERRE
from portal.errors import Refused
from portal.extensions import db
from portal.models import Contrato
from portal.models.vocab import ESTADOS_CONTRATO
from portal.pages import list_filter, paginate
from portal.uploads import plain
from portal.uploads.validation import UploadRefused


@bp.get("/entidad/contratos")
@login_required
def contracts():
    """The active entity's contracts, searchable by number or object and filtered by state."""
    entidad = access.active_entity()
    q, estado = list_filter(ESTADOS_CONTRATO)
    pagina = paginate(queries.entity_contracts(entidad.id, q, estado))
    return render_template(
        "entity_contracts/lista.html",
        entidad=entidad,
        pagina=pagina,
        q=q,
        estado=estado,
        estados=ESTADOS_CONTRATO,
    )


@bp.get("/entidad/contratos/por-cerrar")
@login_required
def to_close():
    """Ended contracts whose case file is still open, each with what blocks its closure."""
    entidad = access.active_entity()
    pagina = paginate(closure.to_close_query(entidad.id))
    filas = [(contrato, closure.evaluate(contrato)) for contrato in pagina.items]
    return render_template(
        "entity_contracts/por_cerrar.html", entidad=entidad, pagina=pagina, filas=filas
    )


@bp.get("/entidad/contratos/<id_contrato>")
@login_required
def contract(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    roles = access.contract_roles(current_user, contrato)
    return render_template(
        "entity_contracts/contrato.html",
        contrato=contrato,
        roles=roles,
        estado_cierre=closure.evaluate(contrato),
        **history.contract_changes(contrato, roles),
    )


@bp.get("/entidad/contratos/<id_contrato>/liquidacion")
@login_required
def liquidation(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    form = RequiereLiquidacionForm(requiere_liquidacion=contrato.requiere_liquidacion)
    return _render_liquidation(contrato, form)


def _render_liquidation(contrato: Contrato, form, error: str = "", status: int = 200):
    try:
        closure.check_can_liquidate(contrato)
        bloqueo = ""
    except Refused as regla:
        bloqueo = str(regla)
    page = render_template(
        "entity_contracts/liquidacion.html",
        contrato=contrato,
        form=form,
        bloqueo=bloqueo,
        error=error,
        ended=closure.execution_ended(contrato),
    )
    return page, status


@bp.post("/entidad/contratos/<id_contrato>/liquidacion/requiere")
@login_required
def requires_liquidation(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    form = RequiereLiquidacionForm()
    if not form.validate_on_submit():
        return _render_liquidation(contrato, form, status=422)
    try:
        closure.set_requires_liquidation(
            contrato, form.requiere_liquidacion.data, form.motivo.data, current_user
        )
    except Refused as regla:
        db.session.rollback()
        return _render_liquidation(contrato, form, str(regla), 422)
    db.session.commit()
    flash("Se guardó si el contrato requiere liquidación.", "ok")
    return redirect(url_for(".liquidation", id_contrato=contrato.id_contrato), 303)


@bp.post("/entidad/contratos/<id_contrato>/liquidacion")
@login_required
def liquidate(id_contrato: str):
    """Receive the acta de liquidación: the purpose publishes it and liquidates the contract."""
    contrato = contract_for_entity(id_contrato)
    form = RequiereLiquidacionForm(requiere_liquidacion=contrato.requiere_liquidacion)
    try:
        closure.check_can_liquidate(contrato)
        _receive(contrato, ACTA_LIQUIDACION)
    except (Refused, UploadRefused) as refused:
        db.session.rollback()
        return _render_liquidation(contrato, form, str(refused), 422)
    db.session.commit()
    flash("El contrato quedó liquidado y el acta publicada en el expediente.", "ok")
    return redirect(url_for(".liquidation", id_contrato=contrato.id_contrato), 303)


@bp.get("/entidad/contratos/<id_contrato>/cierre")
@login_required
def closure_page(id_contrato: str):
    contrato = contract_for_entity(id_contrato)
    return _render_closure(contrato)


def _render_closure(contrato: Contrato, error: str = "", status: int = 200):
    page = render_template(
        "entity_contracts/cierre.html",
        contrato=contrato,
        estado_cierre=closure.evaluate(contrato),
        error=error,
    )
    return page, status


@bp.post("/entidad/contratos/<id_contrato>/cierre")
@login_required
def close(id_contrato: str):
    """Close the case file: checklist first, then the closure record is received and published."""
    contrato = contract_for_entity(id_contrato)
    try:
        closure.check_can_close(contrato)
        _receive(contrato, CONSTANCIA_CIERRE)
    except (Refused, UploadRefused) as refused:
        db.session.rollback()
        return _render_closure(contrato, str(refused), 422)
    notify.contract_closed(contrato)
    db.session.commit()
    flash("Se cerró el expediente electrónico del contrato.", "ok")
    return redirect(url_for(".closure_page", id_contrato=contrato.id_contrato), 303)


def _receive(contrato: Contrato, proposito: str) -> None:
    target = {"proposito": proposito, "contrato_id": str(contrato.id)}
    descripcion = request.form.get("descripcion", "").strip()[:500]
    if descripcion:
        target["descripcion"] = descripcion
    plain.receive(current_user, request.files.get("archivo"), target)
