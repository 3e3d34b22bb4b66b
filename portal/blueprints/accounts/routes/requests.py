"""A user's side of access: "Mis registros", search an account, request access, cancel."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.accounts import notify, queries, registration
from portal.accounts.documents import evidence_problem, store_evidence
from portal.accounts.membership import (
    administered,
    administrators,
    cancel_request,
    request_access,
)
from portal.blueprints.accounts import bp
from portal.errors import Refused
from portal.extensions import db
from portal.models import Cuenta, Membresia
from portal.models.vocab import ESTADOS_MEMBRESIA

# Accounts imported from SECOP II start without members: someone has to be the first one.
ORPHAN_REQUEST = (
    "Su solicitud a {nombre} quedó pendiente. Esa cuenta todavía no tiene Administrador en el "
    "portal: la revisará el administrador de la plataforma con el documento de autorización que "
    "adjuntó, y puede escribirle para confirmarlo con la entidad. Si la acepta, usted será su "
    "primer Administrador."
)


@bp.get("/cuentas/mis-registros")
@login_required
def my_accounts():
    membresias = queries.memberships_of_user(current_user.id)
    return render_template(
        "accounts/mis_registros.html", membresias=membresias, estados=ESTADOS_MEMBRESIA
    )


@bp.get("/cuentas/buscar")
@login_required
def search():
    texto = request.args.get("q", "")[:200]
    cuentas = registration.search_accounts(texto)
    ids = [c.id for c in cuentas]
    sin_administrador = set(ids) - administered(ids)
    return render_template(
        "accounts/buscar.html", q=texto, cuentas=cuentas, sin_administrador=sin_administrador
    )


@bp.post("/cuentas/<int:cuenta_id>/solicitar")
@login_required
def ask_access(cuenta_id: int):
    cuenta = db.get_or_404(Cuenta, cuenta_id)
    # Without an Administrador the platform decides, and it decides on a signed authorisation.
    sin_administrador = not administrators(cuenta)
    try:
        membresia = request_access(current_user._get_current_object(), cuenta)
    except Refused as error:
        flash(str(error), "error")
        return redirect(url_for(".my_accounts"))
    if sin_administrador:
        evidencia = request.files.get("autorizacion")
        if problem := evidence_problem(evidencia):
            db.session.rollback()  # no request without its evidence
            flash(problem, "error")
            return redirect(url_for(".search", q=cuenta.nombre))
        store_evidence(membresia, evidencia)
        notify.send_request_to_platform(membresia)
        message = ORPHAN_REQUEST.format(nombre=cuenta.nombre)
    else:
        notify.send_request_to_administrators(membresia)
        message = (
            f"Su solicitud a {cuenta.nombre} quedó pendiente. Avise al Administrador de la "
            "cuenta para que la acepte."
        )
    db.session.commit()
    flash(message, "ok")
    return redirect(url_for(".my_accounts"))


@bp.post("/cuentas/solicitudes/<int:membresia_id>/cancelar")
@login_required
def withdraw_request(membresia_id: int):
    membresia = db.get_or_404(Membresia, membresia_id)
    if membresia.usuario_id != current_user.id:
        abort(403)
    try:
        cancel_request(current_user._get_current_object(), membresia)
    except Refused as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Canceló su solicitud a {membresia.cuenta.nombre}.", "ok")
    return redirect(url_for(".my_accounts"))
