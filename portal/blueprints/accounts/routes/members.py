"""The Administrador's side: members and requests of the account, and its documents."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal.access import account_roles
from portal.accounts import membership, notify, queries
from portal.blueprints.accounts import bp
from portal.blueprints.accounts.forms import AceptarForm, RechazarForm, RolForm
from portal.blueprints.accounts.loaders import load_account_as_administrator, load_member
from portal.downloads import send_stored
from portal.errors import Refused
from portal.extensions import db
from portal.models import Cuenta, DocumentoCuenta, Membresia
from portal.models.vocab import ESTADOS_MEMBRESIA


def forms_for(cuenta: Cuenta) -> dict:
    roles = dict(membership.roles_for(cuenta))
    aceptar, rol = AceptarForm(), RolForm()
    aceptar.rol.choices = rol.rol.choices = roles
    return {"aceptar_form": aceptar, "rol_form": rol, "rechazar_form": RechazarForm()}


@bp.get("/cuentas/<int:cuenta_id>/miembros")
@login_required
def members(cuenta_id: int):
    cuenta = load_account_as_administrator(cuenta_id)
    rows = queries.members_of(cuenta)
    return render_template(
        "accounts/miembros.html",
        cuenta=cuenta,
        pendientes=[m for m in rows if m.estado == "pendiente"],
        miembros=[m for m in rows if m.estado == "aceptado"],
        historicas=[m for m in rows if m.estado not in ("pendiente", "aceptado")],
        roles=membership.roles_for(cuenta),
        rol_inicial=membership.default_role(cuenta),
        estados=ESTADOS_MEMBRESIA,
        documentos=queries.account_documents(cuenta),
        **forms_for(cuenta),
    )


def _act(cuenta_id: int, membresia_id: int, action, form=None):
    """Load, authorise, run ``action(membresia)``; commit or explain; back to the members."""
    cuenta = load_account_as_administrator(cuenta_id)
    membresia = load_member(cuenta, membresia_id)
    if form is not None and not form.validate_on_submit():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        flash(" ".join(errors) or "Revise el formulario.", "error")
        return None
    try:
        message = action(membresia)
    except Refused as error:
        db.session.rollback()
        flash(str(error), "error")
        return None
    db.session.commit()
    flash(message, "ok")
    return membresia


def _back(cuenta_id: int):
    return redirect(url_for(".members", cuenta_id=cuenta_id))


@bp.post("/cuentas/<int:cuenta_id>/miembros/<int:membresia_id>/aceptar")
@login_required
def accept_member(cuenta_id: int, membresia_id: int):
    cuenta = load_account_as_administrator(cuenta_id)
    form = forms_for(cuenta)["aceptar_form"]

    def act(m: Membresia) -> str:
        membership.accept(m, form.rol.data, current_user._get_current_object())
        notify.send_decision(m)
        return f"{m.usuario.nombres} ya es miembro de la cuenta."

    _act(cuenta_id, membresia_id, act, form)
    return _back(cuenta_id)


@bp.post("/cuentas/<int:cuenta_id>/miembros/<int:membresia_id>/rechazar")
@login_required
def reject_member(cuenta_id: int, membresia_id: int):
    form = RechazarForm()

    def act(m: Membresia) -> str:
        membership.reject(m, form.motivo.data or "", current_user._get_current_object())
        notify.send_decision(m)
        return f"Rechazó la solicitud de {m.usuario.nombres}."

    _act(cuenta_id, membresia_id, act, form)
    return _back(cuenta_id)


@bp.post("/cuentas/<int:cuenta_id>/miembros/<int:membresia_id>/rol")
@login_required
def change_role(cuenta_id: int, membresia_id: int):
    cuenta = load_account_as_administrator(cuenta_id)
    form = forms_for(cuenta)["rol_form"]

    def act(m: Membresia) -> str:
        membership.change_role(m, form.rol.data, current_user._get_current_object())
        return f"{m.usuario.nombres} ahora es {membership.roles_for(cuenta)[m.rol]}."

    _act(cuenta_id, membresia_id, act, form)
    return _back(cuenta_id)


@bp.post("/cuentas/<int:cuenta_id>/miembros/<int:membresia_id>/desactivar")
@login_required
def deactivate_member(cuenta_id: int, membresia_id: int):
    def act(m: Membresia) -> str:
        membership.deactivate(m, current_user._get_current_object())
        return f"{m.usuario.nombres} ya no puede actuar en nombre de la cuenta."

    _act(cuenta_id, membresia_id, act, RechazarForm())
    return _back(cuenta_id)


@bp.get("/cuentas/<int:cuenta_id>/documentos/<int:documento_id>")
@login_required
def document(cuenta_id: int, documento_id: int):
    """A registration document, for the account's members and the platform administrator."""
    cuenta = db.get_or_404(Cuenta, cuenta_id)
    if not (current_user.es_admin_plataforma or account_roles(current_user, cuenta.id)):
        abort(403)
    doc = db.get_or_404(DocumentoCuenta, documento_id)
    if doc.cuenta_id != cuenta.id:
        abort(404)
    return send_stored(
        doc.sha256, name=doc.nombre_archivo, content_type=doc.content_type, private=True
    )
