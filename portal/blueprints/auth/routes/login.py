"""Login in two steps (password, then an e-mailed code), account choice and logout."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from portal.access import accepted_memberships, choose_membership
from portal.blueprints.auth import bp
from portal.blueprints.auth.forms import CodigoForm, ElegirCuentaForm, IngresoForm
from portal.blueprints.auth.routes.common import (
    CODE_EXPIRED,
    announce_sent,
    home_url,
    limit_account,
    limit_ip,
    mask_email,
    resend_code,
    wrong_code_message,
)
from portal.blueprints.auth.routes.registration import FLOW_KEY as REGISTRATION_FLOW_KEY
from portal.extensions import db
from portal.models import User
from portal.models.vocab import ROLES
from portal.redirects import safe_next
from portal.users import codes, notify
from portal.users.services import (
    check_credentials,
    clear_failures,
    count_failure,
    is_locked,
    issue_login_code,
    issue_registration_code,
)
from portal.users.sessions import end_session, start_session

FLOW_KEY = "flujo_ingreso"
NEXT_KEY = "ingreso_next"
LOGIN_FAILED = (
    "Usuario o contraseña incorrectos. Después de varios intentos fallidos el ingreso se "
    "bloquea unos minutos por seguridad: espere o use «¿Olvidó su contraseña?»."
)


@bp.route("/ingresar", methods=["GET", "POST"])
@limit_ip("RATELIMIT_INGRESO_IP")
@limit_account("RATELIMIT_INGRESO_CUENTA")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or home_url())
    form = IngresoForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        check = check_credentials(form.usuario.data, form.contrasena.data)
        if check.estado == "codigo":
            return _send_login_code(check.user, form.next.data)
        if check.estado == "pendiente":
            return _send_registration_code(check.user)
        if check.bloqueado_ahora:
            notify.send_lock_notice(check.user)
        db.session.commit()
        error = LOGIN_FAILED
    return render_template("auth/ingresar.html", form=form, error=error)


def _send_login_code(user: User, next_url: str | None):
    issued = issue_login_code(user)
    mail = notify.send_login_code(user, issued.codigo)
    db.session.commit()
    session[FLOW_KEY] = issued.flujo
    session[NEXT_KEY] = safe_next(next_url)
    announce_sent(mail.sent, user.email)
    return redirect(url_for(".login_code"))


def _send_registration_code(user: User):
    issued = issue_registration_code(user)
    mail = notify.send_registration_code(user, issued.codigo)
    db.session.commit()
    session[REGISTRATION_FLOW_KEY] = issued.flujo
    flash("Su correo aún no está confirmado: confírmelo para activar su usuario.", "alerta")
    announce_sent(mail.sent, user.email)
    return redirect(url_for(".confirm_registration_code"))


@bp.route("/ingresar/codigo", methods=["GET", "POST"])
@limit_ip("RATELIMIT_CODIGO_IP")
def login_code():
    registro = codes.find(session.get(FLOW_KEY), "ingreso")
    if registro is None:
        flash(CODE_EXPIRED, "alerta")
        return redirect(url_for(".login"))
    form = CodigoForm()
    if form.validate_on_submit():
        user = registro.usuario
        if not is_locked(user) and codes.verify(registro, form.codigo.data):
            target = _complete_login(user, session.get(NEXT_KEY))
            db.session.commit()
            return redirect(target)
        locked = is_locked(user) or count_failure(user, "codigo_fallido")
        if locked:
            codes.spend(registro)
            notify.send_lock_notice(user)
        db.session.commit()
        if locked:
            flash(LOGIN_FAILED, "error")
            return redirect(url_for(".login"))
        form.codigo.errors.append(wrong_code_message(registro))
    return render_template(
        "auth/codigo.html",
        form=form,
        titulo="Código de verificación",
        correo=mask_email(registro.destino),
        reenviar_url=url_for(".resend_login_code"),
    )


def _complete_login(user: User, next_url: str | None) -> str:
    """Open the session and say where to go: the account choice first if there are several."""
    clear_failures(user)
    start_session(user)
    memberships = accepted_memberships(user)
    if len(memberships) == 1:
        choose_membership(memberships[0])
    if len(memberships) > 1:
        return url_for(".choose_account", next=next_url)
    return safe_next(next_url) or home_url()


@bp.post("/ingresar/reenviar")
@limit_ip("RATELIMIT_REENVIO_IP")
def resend_login_code():
    return resend_code(
        FLOW_KEY,
        "ingreso",
        current_app.config["CODIGO_INGRESO_MINUTOS"],
        lambda registro, codigo: notify.send_login_code(registro.usuario, codigo),
        back=".ingresar_codigo",
        restart=".ingresar",
    )


@bp.route("/cuenta/elegir", methods=["GET", "POST"])
@login_required
def choose_account():
    memberships = {m.id: m for m in accepted_memberships(current_user)}
    if not memberships:
        flash("Su usuario todavía no pertenece a ninguna cuenta de Entidad o Proveedor.", "info")
        return redirect(home_url())
    form = ElegirCuentaForm(next=request.args.get("next", ""))
    form.membresia.choices = {
        m.id: f"{m.cuenta.nombre} · {ROLES.get(m.rol, m.rol)}" for m in memberships.values()
    }
    if form.validate_on_submit():
        chosen = memberships[form.membresia.data]
        choose_membership(chosen)
        flash(f"Ahora actúa en nombre de {chosen.cuenta.nombre}.", "ok")
        return redirect(safe_next(form.next.data) or home_url())
    return render_template("auth/elegir.html", form=form)


@bp.post("/salir")
def logout():
    if current_user.is_authenticated:
        end_session("salida")
        db.session.commit()
    flash("Su sesión terminó. Gracias por usar el portal.", "ok")
    return redirect(home_url())
