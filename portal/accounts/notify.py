"""E-mails about accounts and access requests; views queue them before their commit."""

from flask import url_for
from sqlalchemy import select

from portal import mailer
from portal.accounts.membership import administrators, roles_for
from portal.extensions import db
from portal.mailer import Outgoing
from portal.models import Cuenta, Entidad, Membresia, User

DECISIONES = {"aceptado": "aceptada", "rechazado": "rechazada"}


def send_entity_registered(entidad: Entidad) -> Outgoing:
    user = entidad.registrada_por
    return mailer.send_after_commit(
        user.email,
        f"Registramos la cuenta de {entidad.nombre}: pendiente de activación",
        "cuentas_registrada",
        user=user,
        entidad=entidad,
        enlace=url_for("accounts.my_accounts", _external=True),
    )


def send_entity_decision(entidad: Entidad) -> Outgoing | None:
    """Tell the registering user whether the platform administrator activated the account."""
    user = entidad.registrada_por
    if user is None:
        return None
    activada = entidad.estado == "activa"
    asunto = "quedó activa" if activada else "no fue activada"
    return mailer.send_after_commit(
        user.email,
        f"La cuenta de {entidad.nombre} {asunto}",
        "cuentas_activada" if activada else "cuentas_rechazada",
        user=user,
        entidad=entidad,
        enlace=url_for("accounts.my_accounts", _external=True),
    )


def send_request_to_administrators(membresia: Membresia) -> list[Outgoing]:
    """Ask every Administrador of the account to answer a new access request."""
    enlace = url_for("accounts.members", cuenta_id=membresia.cuenta_id, _external=True)
    return [
        mailer.send_after_commit(
            admin.usuario.email,
            f"Solicitud de acceso a {membresia.cuenta.nombre}",
            "cuentas_solicitud",
            user=admin.usuario,
            membresia=membresia,
            enlace=enlace,
        )
        for admin in administrators(membresia.cuenta)
    ]


def send_request_to_platform(membresia: Membresia) -> list[Outgoing]:
    """An account without Administrador: ask the platform administrators to answer."""
    enlace = url_for("platform_admin.requests", _external=True)
    return [
        mailer.send_after_commit(
            admin.email,
            f"Solicitud de acceso a {membresia.cuenta.nombre}, cuenta sin Administrador",
            "cuentas_solicitud_plataforma",
            user=admin,
            membresia=membresia,
            enlace=enlace,
        )
        for admin in platform_administrators()
    ]


def platform_administrators() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.es_admin_plataforma.is_(True), User.estado == "activo")
        )
    )


def send_decision(membresia: Membresia) -> Outgoing:
    cuenta: Cuenta = membresia.cuenta
    return mailer.send_after_commit(
        membresia.usuario.email,
        f"Su solicitud de acceso a {cuenta.nombre} fue {DECISIONES[membresia.estado]}",
        "cuentas_decision",
        user=membresia.usuario,
        membresia=membresia,
        rol=roles_for(cuenta).get(membresia.rol, membresia.rol),
        enlace=url_for("accounts.my_accounts", _external=True),
    )
