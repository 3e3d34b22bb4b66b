"""Pieces shared by the account views: rate limits, code steps, resend and messages."""

from collections.abc import Callable

from flask import current_app, flash, redirect, request, session, url_for

from portal.extensions import db, limiter
from portal.mailer import Outgoing
from portal.models import CodigoVerificacion
from portal.users import codes
from portal.users.services import normalize_identifier

CODE_EXPIRED = "El código venció o ya fue usado. Empiece de nuevo para recibir otro."


def limit_ip(setting: str):
    """Limit POSTs to a view per client IP, with the rate read from the config ``setting``."""
    return limiter.limit(lambda: current_app.config[setting], methods=["POST"])


def limit_account(setting: str):
    """Limit POSTs per typed usuario/correo, so spreading over many IPs does not help."""
    return limiter.limit(
        lambda: current_app.config[setting],
        methods=["POST"],
        key_func=lambda: "cuenta:" + normalize_identifier(request.form.get("usuario", ""))[:254],
        scope="cuenta",
    )


def home_url() -> str:
    return url_for("home.index")


def mask_email(email: str) -> str:
    """Show enough of an address to recognise it: "ju***@alcaldia.gov.co"."""
    name, _, domain = email.partition("@")
    return f"{name[:2]}***@{domain}"


def wrong_code_message(registro: CodigoVerificacion) -> str:
    left = codes.attempts_left(registro)
    if left == 0:
        return "Superó el número de intentos: este código ya no sirve. Pida un código nuevo."
    plural = "intento" if left == 1 else "intentos"
    return f"El código no es correcto. Le quedan {left} {plural}."


def announce_sent(sent: bool | None, email: str) -> None:
    """Say where the code went, or, when the committed e-mail did not leave, how to get another."""
    if sent:
        flash(f"Le enviamos un código de 6 dígitos a {mask_email(email)}.", "ok")
    else:
        flash(
            "No pudimos enviar el correo en este momento. Espere un minuto y use «Reenviar código».",
            "error",
        )


def resend_code(
    session_key: str,
    proposito: str,
    minutes: int,
    send: Callable[[CodigoVerificacion, str], Outgoing],
    back: str,
    restart: str,
):
    """Send a new code for the flow kept in ``session[session_key]``, honouring the cooldown."""
    registro = codes.find(session.get(session_key), proposito)
    if registro is None:
        flash(CODE_EXPIRED, "alerta")
        return redirect(url_for(restart))
    wait = codes.resend_wait_seconds(registro)
    if wait:
        flash(f"Espere {wait} segundos antes de pedir otro código.", "alerta")
        return redirect(url_for(back))
    if not codes.can_resend_again(registro):
        flash("Ya pidió varios códigos seguidos. Empiece de nuevo el proceso.", "alerta")
        return redirect(url_for(restart))
    codigo = codes.regenerate(registro, minutes)
    mail = send(registro, codigo)
    db.session.commit()
    announce_sent(mail.sent, registro.destino)
    return redirect(url_for(back))
