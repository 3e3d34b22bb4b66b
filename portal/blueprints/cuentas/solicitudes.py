"""A user's side of access: "Mis registros", search an account, request access, cancel."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from portal.blueprints.cuentas import bp, notify, services
from portal.blueprints.cuentas.membership import (
    MembershipRefused,
    administrators,
    cancel_request,
    request_access,
)
from portal.extensions import db
from portal.models import Cuenta, Membresia
from portal.models.vocab import ESTADOS_MEMBRESIA

# Accounts imported from SECOP II start without members: someone has to be the first one.
ORPHAN_REQUEST = (
    "Su solicitud a {nombre} quedó pendiente. Esa cuenta todavía no tiene Administrador en el "
    "portal: la revisará el administrador de la plataforma, que puede pedirle por correo el acta "
    "de posesión o el acto que lo autoriza a administrarla. Si la acepta, usted será su "
    "primer Administrador."
)


@bp.get("/cuentas/mis-registros")
@login_required
def mis_registros():
    membresias = db.session.scalars(
        select(Membresia)
        .where(Membresia.usuario_id == current_user.id)
        .order_by(Membresia.creado_en.desc(), Membresia.id.desc())
    ).all()
    return render_template(
        "cuentas/mis_registros.html", membresias=membresias, estados=ESTADOS_MEMBRESIA
    )


@bp.get("/cuentas/buscar")
@login_required
def buscar():
    texto = request.args.get("q", "")[:200]
    cuentas = services.search_accounts(texto)
    return render_template("cuentas/buscar.html", q=texto, cuentas=cuentas)


@bp.post("/cuentas/<int:cuenta_id>/solicitar")
@login_required
def solicitar(cuenta_id: int):
    cuenta = db.get_or_404(Cuenta, cuenta_id)
    try:
        membresia = request_access(current_user._get_current_object(), cuenta)
    except MembershipRefused as error:
        flash(str(error), "error")
        return redirect(url_for(".mis_registros"))
    db.session.commit()
    if administrators(cuenta):
        notify.send_request_to_administrators(membresia)
        flash(
            f"Su solicitud a {cuenta.nombre} quedó pendiente. Avise al Administrador de la "
            "cuenta para que la acepte.",
            "ok",
        )
    else:
        notify.send_request_to_platform(membresia)
        flash(ORPHAN_REQUEST.format(nombre=cuenta.nombre), "ok")
    return redirect(url_for(".mis_registros"))


@bp.post("/cuentas/solicitudes/<int:membresia_id>/cancelar")
@login_required
def cancelar(membresia_id: int):
    membresia = db.get_or_404(Membresia, membresia_id)
    if membresia.usuario_id != current_user.id:
        abort(403)
    try:
        cancel_request(current_user._get_current_object(), membresia)
    except MembershipRefused as error:
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(f"Canceló su solicitud a {membresia.cuenta.nombre}.", "ok")
    return redirect(url_for(".mis_registros"))
