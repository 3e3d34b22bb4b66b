"""Execution documents: detail with history, authorised download, removal and review."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal import access
from portal.blueprints.my_contracts import bp
from portal.blueprints.my_contracts.forms import DecisionForm
from portal.blueprints.my_contracts.loaders import contract_for, document_of
from portal.contracts import queries
from portal.contracts.execution import review, withdraw
from portal.downloads import send_documento
from portal.errors import Refused, render_error
from portal.extensions import db
from portal.pages import render_fragment, wants_fragment

DOC_URL = "/mis-contratos/<id_contrato>/documentos/<int:documento_id>"


def volver_a_ejecucion(contrato):
    return redirect(url_for(".section", id_contrato=contrato.id_contrato, seccion="ejecucion"), 303)


@bp.get(DOC_URL)
@login_required
def document(id_contrato: str, documento_id: int):
    contrato, roles = contract_for(id_contrato, *access.CONTRACT_READERS)
    documento = document_of(contrato, documento_id)
    return render_documento(contrato, roles, documento, DecisionForm())


def render_documento(contrato, roles, documento, form, status: int = 200):
    page = render_template(
        "my_contracts/documento.html",
        contrato=contrato,
        documento=documento,
        form=form,
        puede_revisar=(
            access.has_role(roles, access.SUPERVISOR_ROLES) and documento.estado == "pendiente"
        ),
        eventos=queries.events_of(documento),
    )
    return page, status


@bp.get(f"{DOC_URL}/descargar")
@login_required
def download(id_contrato: str, documento_id: int):
    """Any document of the contract, for the people of the contract (public ones have permalinks)."""
    contrato, _roles = contract_for(id_contrato, *access.CONTRACT_READERS)
    documento = document_of(contrato, documento_id)
    return send_documento(documento, private=True)


@bp.post(f"{DOC_URL}/borrar")
@login_required
def withdraw_document(id_contrato: str, documento_id: int):
    """Remove from the list (never destroy); htmx swaps the row, a plain form comes back here."""
    contrato, roles = contract_for(id_contrato, *access.EXECUTION_ROLES)
    documento = document_of(contrato, documento_id)
    try:
        withdraw(documento, current_user, access.recorded_role(roles))
    except Refused as refused:
        return refused_answer(contrato, documento, refused)
    db.session.commit()
    mensaje = (
        f"Se borró «{documento.nombre_archivo}» de la lista. Queda en el historial del contrato."
    )
    if wants_fragment():
        return render_fragment("my_contracts/_fila_retirada.html", mensaje=mensaje)
    flash(mensaje, "ok")
    return volver_a_ejecucion(contrato)


def refused_answer(contrato, documento, refused: Refused):
    """htmx keeps the row and shows why beside it; a plain form gets the error page."""
    if wants_fragment():
        return render_fragment(
            "my_contracts/_fila_documento.html",
            contrato=contrato,
            documento=documento,
            error=refused.message,
            puede={"revisar": False},
        )
    return render_error(refused.status, refused.message)


@bp.post(f"{DOC_URL}/revisar")
@login_required
def review_document(id_contrato: str, documento_id: int):
    contrato, roles = contract_for(id_contrato, *access.SUPERVISOR_ROLES)
    documento = document_of(contrato, documento_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        return render_documento(contrato, roles, documento, form, 400)
    try:
        review(documento, current_user, form.aprueba, form.observacion.data or "")
    except Refused as refused:
        form.observacion.errors = [*form.observacion.errors, str(refused)]
        db.session.rollback()
        return render_documento(contrato, roles, documento, form, refused.status)
    db.session.commit()
    flash(f"«{documento.nombre_archivo}»: {documento.estado_label.lower()}.", "ok")
    return volver_a_ejecucion(contrato)
