"""Password recovery: an e-mailed single-use link, then a new password; every session ends."""

from flask import flash, make_response, redirect, render_template, session, url_for
from flask_login import logout_user

from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import RecuperarForm, RestablecerForm
from portal.blueprints.auth.routes.common import limit_account, limit_ip
from portal.extensions import db
from portal.users import codes, notify
from portal.users.services import reset_password, start_recovery


@bp.route("/recuperar", methods=["GET", "POST"])
@limit_ip("RATELIMIT_RECUPERAR_IP")
@limit_account("RATELIMIT_RECUPERAR_CUENTA")
def recover():
    form = RecuperarForm()
    if form.validate_on_submit():
        started = start_recovery(form.usuario.data)
        if started:
            user, issued = started
            notify.send_recovery_link(user, issued.flujo)
        db.session.commit()
        # The same page whether or not the account exists.
        return render_template("auth/recuperar_enviado.html")
    return render_template("auth/recuperar.html", form=form)


@bp.route("/recuperar/<token>", methods=["GET", "POST"])
@limit_ip("RATELIMIT_CODIGO_IP")
def reset(token: str):
    registro = codes.find(token, "recuperacion")
    if registro is None:
        return _private(render_template("auth/enlace_vencido.html"), 404)
    user = registro.usuario
    form = RestablecerForm(personal={"usuario": user.usuario, "email": user.email})
    if form.validate_on_submit():
        reset_password(registro, form.contrasena.data)
        notify.send_security_notice(user, user.email, "su contraseña fue restablecida")
        db.session.commit()
        logout_user()
        session.clear()
        flash("Su contraseña cambió y se cerraron todas sus sesiones. Ingrese de nuevo.", "ok")
        return redirect(url_for(".login"))
    return _private(render_template("auth/restablecer.html", form=form, user=user))


def _private(body: str, status: int = 200):
    """The link's token is in the URL: never leak it to other sites through Referer."""
    response = make_response(body, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
