"""Registration: the form, the e-mailed confirmation code and its resend."""

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import CodigoForm, RegistroForm
from portal.blueprints.auth.routes.common import (
    CODE_EXPIRED,
    announce_sent,
    home_url,
    limit_ip,
    mask_email,
    resend_code,
    wrong_code_message,
)
from portal.extensions import db
from portal.users import codes, notify
from portal.users.services import confirm_registration, email_taken, register_user, usuario_taken

FLOW_KEY = "flujo_registro"


def _reject_taken(form: RegistroForm) -> bool:
    """Add a clear error to usuario/correo already in use; True if any was."""
    taken = False
    if usuario_taken(form.usuario.data):
        form.usuario.errors.append(
            "Este usuario ya está registrado. Elija otro o, si es suyo, ingrese o recupere su contraseña."
        )
        taken = True
    if email_taken(form.email.data):
        form.email.errors.append(
            "Ya hay un usuario registrado con este correo. Ingrese o use «¿Olvidó su contraseña?»."
        )
        taken = True
    return taken


@bp.route("/registro", methods=["GET", "POST"])
@limit_ip("RATELIMIT_REGISTRO_IP")
def register():
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegistroForm()
    if form.validate_on_submit() and not _reject_taken(form):
        try:
            user, issued = register_user(form.data)
            mail = notify.send_registration_code(user, issued.codigo)
            db.session.commit()
        except IntegrityError:  # someone took the usuario or correo a moment ago
            db.session.rollback()
            _reject_taken(form)
        else:
            session[FLOW_KEY] = issued.flujo
            announce_sent(mail.sent, user.email)
            return redirect(url_for(".confirm_registration_code"))
    return render_template("auth/registro.html", form=form)


@bp.route("/registro/confirmar", methods=["GET", "POST"])
@limit_ip("RATELIMIT_CODIGO_IP")
def confirm_registration_code():
    registro = codes.find(session.get(FLOW_KEY), "registro")
    if registro is None:
        flash(CODE_EXPIRED + " Ingrese con su usuario y contraseña.", "alerta")
        return redirect(url_for(".login"))
    form = CodigoForm()
    if form.validate_on_submit():
        if codes.verify(registro, form.codigo.data):
            confirm_registration(registro)
            db.session.commit()
            session.pop(FLOW_KEY, None)
            flash("Su correo quedó confirmado y su usuario está activo. Ya puede ingresar.", "ok")
            return redirect(url_for(".login"))
        db.session.commit()
        form.codigo.errors.append(wrong_code_message(registro))
    return render_template(
        "auth/codigo.html",
        form=form,
        titulo="Confirme su registro",
        correo=mask_email(registro.destino),
        reenviar_url=url_for(".resend_registration_code"),
    )


@bp.post("/registro/reenviar")
@limit_ip("RATELIMIT_REENVIO_IP")
def resend_registration_code():
    return resend_code(
        FLOW_KEY,
        "registro",
        current_app.config["CODIGO_REGISTRO_MINUTOS"],
        lambda registro, codigo: notify.send_registration_code(registro.usuario, codigo),
        back=".confirmar_registro",
        restart=".ingresar",
    )


@bp.get("/terminos-de-uso")
def terms():
    return render_template("auth/terminos.html")
