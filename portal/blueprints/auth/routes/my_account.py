"""Mi cuenta: personal data, password, e-mail and the access history."""

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user, login_required

from portal.access import accepted_memberships
from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import (
    CambioContrasenaForm,
    CambioCorreoForm,
    CodigoForm,
    DatosForm,
)
from portal.blueprints.auth.routes.common import (
    CODE_EXPIRED,
    announce_sent,
    limit_ip,
    mask_email,
    resend_code,
    wrong_code_message,
)
from portal.errors import Refused
from portal.extensions import db
from portal.pages import page_number, render_page_or_fragment
from portal.users import codes, notify
from portal.users.history import access_page
from portal.users.passwords import check_secret
from portal.users.profile import (
    change_password,
    finish_email_change,
    start_email_change,
    update_profile,
)
from portal.users.services import email_taken
from portal.users.sessions import restart_session

EMAIL_FLOW_KEY = "flujo_correo"
WRONG_CURRENT_PASSWORD = "La contraseña actual no es correcta."


@bp.get("/cuenta")
@login_required
def my_account():
    accesos, _ = access_page(current_user, 1)
    return render_template(
        "auth/mi_cuenta.html",
        membresias=accepted_memberships(current_user),
        accesos=accesos[:5],
    )


@bp.route("/cuenta/datos", methods=["GET", "POST"])
@login_required
def personal_data():
    user = current_user._get_current_object()
    form = DatosForm(obj=user)
    if form.validate_on_submit():
        changes = update_profile(user, form.data)
        db.session.commit()
        flash("Sus datos quedaron actualizados." if changes else "No hubo cambios.", "ok")
        return redirect(url_for(".my_account"))
    return render_template("auth/datos.html", form=form)


@bp.route("/cuenta/contrasena", methods=["GET", "POST"])
@login_required
@limit_ip("RATELIMIT_INGRESO_IP")
def password():
    user = current_user._get_current_object()
    form = CambioContrasenaForm(personal={"usuario": user.usuario, "email": user.email})
    if form.validate_on_submit():
        if check_secret(user.password_hash, form.actual.data):
            change_password(user, form.contrasena.data)
            restart_session(user)
            notify.send_security_notice(user, user.email, "su contraseña cambió")
            db.session.commit()
            flash("Su contraseña cambió. Se cerraron sus sesiones en otros equipos.", "ok")
            return redirect(url_for(".my_account"))
        form.actual.errors.append(WRONG_CURRENT_PASSWORD)
    return render_template("auth/contrasena.html", form=form)


@bp.route("/cuenta/correo", methods=["GET", "POST"])
@login_required
@limit_ip("RATELIMIT_INGRESO_IP")
def email():
    user = current_user._get_current_object()
    form = CambioCorreoForm()
    if form.validate_on_submit():
        if not check_secret(user.password_hash, form.actual.data):
            form.actual.errors.append(WRONG_CURRENT_PASSWORD)
        elif form.email.data.strip().lower() == user.email.lower():
            form.email.errors.append("Ese ya es su correo actual.")
        elif email_taken(form.email.data, other_than=user):
            form.email.errors.append("Ese correo ya pertenece a otro usuario.")
        else:
            issued = start_email_change(user, form.email.data)
            mail = notify.send_email_change_code(user, issued.registro.destino, issued.codigo)
            db.session.commit()
            session[EMAIL_FLOW_KEY] = issued.flujo
            announce_sent(mail.sent, issued.registro.destino)
            return redirect(url_for(".confirm_email"))
    return render_template("auth/correo.html", form=form)


@bp.route("/cuenta/correo/confirmar", methods=["GET", "POST"])
@login_required
@limit_ip("RATELIMIT_CODIGO_IP")
def confirm_email():
    registro = codes.find(session.get(EMAIL_FLOW_KEY), "cambio_correo")
    if registro is None or registro.usuario_id != current_user.id:
        flash(CODE_EXPIRED, "alerta")
        return redirect(url_for(".email"))
    form = CodigoForm()
    if form.validate_on_submit():
        if codes.verify(registro, form.codigo.data):
            return _finish_email_change(registro)
        db.session.commit()
        form.codigo.errors.append(wrong_code_message(registro))
    return render_template(
        "auth/codigo.html",
        form=form,
        titulo="Confirme su nuevo correo",
        correo=mask_email(registro.destino),
        reenviar_url=url_for(".resend_email_code"),
    )


def _finish_email_change(registro):
    try:
        old = finish_email_change(registro)
    except Refused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".email"))
    notify.send_security_notice(current_user, old, f"su correo cambió a {current_user.email}")
    db.session.commit()
    session.pop(EMAIL_FLOW_KEY, None)
    flash("Su correo electrónico quedó actualizado.", "ok")
    return redirect(url_for(".my_account"))


@bp.post("/cuenta/correo/reenviar")
@login_required
@limit_ip("RATELIMIT_REENVIO_IP")
def resend_email_code():
    return resend_code(
        EMAIL_FLOW_KEY,
        "cambio_correo",
        current_app.config["CODIGO_CORREO_MINUTOS"],
        lambda registro, codigo: notify.send_email_change_code(
            registro.usuario, registro.destino, codigo
        ),
        back=".confirmar_correo",
        restart=".correo",
    )


@bp.get("/cuenta/accesos")
@login_required
def access_history():
    page = page_number()
    rows, total = access_page(current_user, page)
    size = current_app.config["ACCESOS_POR_PAGINA"]
    context = {"accesos": rows, "total": total, "pagina": page, "hay_mas": page * size < total}
    return render_page_or_fragment("auth/accesos.html", "auth/_accesos.html", **context)
