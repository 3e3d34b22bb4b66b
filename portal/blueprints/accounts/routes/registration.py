"""Register a new Entidad Estatal (pending activation) or Proveedor (active at once)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.access import active_membership, choose_membership
from portal.accounts import notify, registration
from portal.accounts.documents import document_problems
from portal.blueprints.accounts import bp
from portal.blueprints.accounts.forms import EntidadForm, ProveedorForm
from portal.extensions import db
from portal.models.registration import DOCUMENTOS_REGISTRO

RESELECT = (
    "Por seguridad el navegador no conserva los archivos: vuelva a elegirlos antes de enviar."
)


@bp.get("/cuentas/registrar")
@login_required
def register():
    return render_template("accounts/registrar.html")


@bp.route("/cuentas/registrar/entidad", methods=["GET", "POST"])
@login_required
def register_entity():
    form = EntidadForm()
    if request.method == "POST":
        # Check the files even when a field is wrong, so every problem shows at once.
        valid = form.validate_on_submit()
        valid = _documents_ok(form) and valid and _entity_is_new(form)
        if valid:
            return _register_entidad(form)
        flash(RESELECT, "alerta")
    return render_template("accounts/registrar_entidad.html", form=form)


def _register_entidad(form: EntidadForm):
    user = current_user._get_current_object()
    entidad = registration.register_entidad(user, form.data, _files())
    notify.send_entity_registered(entidad)
    db.session.commit()
    flash(
        f"Registramos la cuenta de {entidad.nombre}. Queda pendiente de activación: "
        "le avisaremos por correo cuando el administrador de la plataforma la revise.",
        "ok",
    )
    return redirect(url_for(".my_accounts"))


def _files() -> dict:
    return {tipo: request.files.get(tipo) for tipo in DOCUMENTOS_REGISTRO}


def _entity_is_new(form: EntidadForm) -> bool:
    existing = registration.existing_entidad(form.nit.data)
    if existing is None:
        return True
    form.nit.errors.append(
        f"Ya existe la cuenta «{existing.nombre}» con ese NIT. Solicite acceso a ella desde "
        "«Mis registros» en lugar de registrarla de nuevo."
    )
    return False


def _documents_ok(form: EntidadForm) -> bool:
    problems = document_problems(_files())
    for tipo, problem in problems.items():
        form[tipo].errors = [*form[tipo].errors, problem]
    return not problems


@bp.route("/cuentas/registrar/proveedor", methods=["GET", "POST"])
@login_required
def register_provider():
    form = ProveedorForm()
    if form.validate_on_submit() and _provider_is_new(form):
        user = current_user._get_current_object()
        proveedor = registration.register_proveedor(user, form.data)
        db.session.commit()
        if active_membership() is None:
            choose_membership(proveedor.membresias[0])
        flash(f"La cuenta de {proveedor.nombre} quedó activa y usted es su Administrador.", "ok")
        return redirect(url_for(".my_accounts"))
    return render_template("accounts/registrar_proveedor.html", form=form)


def _provider_is_new(form: ProveedorForm) -> bool:
    existing = registration.existing_proveedor(form.tipo_documento.data, form.numero_documento.data)
    if existing is None:
        return True
    form.numero_documento.errors.append(
        f"Ya existe la cuenta «{existing.nombre}» con ese documento. Solicite acceso a ella "
        "desde «Mis registros»."
    )
    return False
