"""The e-mails of the account flows; views queue them before their commit, which sends them.

Each returns the queued ``Outgoing``: after the commit, its ``sent`` tells the code flows whether
to announce the code or ask the person to resend it.
"""

from flask import current_app, url_for

from portal import mailer
from portal.mailer import Outgoing
from portal.models import User
from portal.users.zones import local_datetime


def send_registration_code(user: User, codigo: str) -> Outgoing:
    minutes = current_app.config["CODIGO_REGISTRO_MINUTOS"]
    return mailer.send_after_commit(
        user.email,
        f"Código {codigo} para confirmar su registro",
        "codigo_registro",
        user=user,
        codigo=codigo,
        minutos=minutes,
    )


def send_login_code(user: User, codigo: str) -> Outgoing:
    minutes = current_app.config["CODIGO_INGRESO_MINUTOS"]
    return mailer.send_after_commit(
        user.email,
        f"Código de ingreso {codigo}",
        "codigo_ingreso",
        user=user,
        codigo=codigo,
        minutos=minutes,
    )


def send_email_change_code(user: User, destino: str, codigo: str) -> Outgoing:
    minutes = current_app.config["CODIGO_CORREO_MINUTOS"]
    return mailer.send_after_commit(
        destino,
        f"Código {codigo} para confirmar su nuevo correo",
        "codigo_correo",
        user=user,
        codigo=codigo,
        minutos=minutes,
    )


def send_recovery_link(user: User, flujo: str) -> Outgoing:
    return mailer.send_after_commit(
        user.email,
        "Restablezca su contraseña",
        "recuperacion",
        user=user,
        enlace=url_for("auth.reset", token=flujo, _external=True),
        minutos=current_app.config["RECUPERACION_MINUTOS"],
    )


def send_lock_notice(user: User) -> Outgoing:
    return mailer.send_after_commit(
        user.email,
        "Bloqueamos temporalmente el ingreso a su usuario",
        "bloqueo",
        user=user,
        hasta=local_datetime(user.bloqueado_hasta, user.zona_horaria),
        enlace=url_for("auth.recover", _external=True),
    )


def send_security_notice(user: User, to: str, cambio: str) -> Outgoing:
    """Tell the owner that something sensitive changed, in case it was not them."""
    return mailer.send_after_commit(
        to,
        f"Aviso de seguridad: {cambio}",
        "aviso_seguridad",
        user=user,
        cambio=cambio,
        enlace=url_for("auth.recover", _external=True),
    )
