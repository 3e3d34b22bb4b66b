"""Account mutations: register, confirm, check credentials, lock, recover. Flush and log, never commit."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, or_, select

from portal import audit, clock
from portal.extensions import db
from portal.models import CodigoVerificacion, User
from portal.users import codes
from portal.users.history import record_access
from portal.users.passwords import (
    check_secret,
    hash_secret,
    normalize_answer,
    waste_comparable_time,
)
from portal.users.sessions import end_all_sessions


@dataclass
class LoginCheck:
    """Result of step 1 of the login: ``estado`` is "codigo", "pendiente" or "fallido"."""

    estado: str
    user: User | None = None
    bloqueado_ahora: bool = False


def normalize_identifier(value: str) -> str:
    return value.strip().lower()


def find_user(identifier: str) -> User | None:
    """Find a user by usuario or correo, ignoring case."""
    value = normalize_identifier(identifier)
    if not value:
        return None
    return db.session.scalar(
        select(User).where(or_(func.lower(User.usuario) == value, func.lower(User.email) == value))
    )


def usuario_taken(usuario: str) -> bool:
    value = normalize_identifier(usuario)
    return db.session.scalar(select(User.id).where(func.lower(User.usuario) == value)) is not None


def email_taken(email: str, *, other_than: User | None = None) -> bool:
    query = select(User.id).where(func.lower(User.email) == normalize_identifier(email))
    if other_than is not None:
        query = query.where(User.id != other_than.id)
    return db.session.scalar(query) is not None


def register_user(data: dict) -> tuple[User, codes.Issued]:
    """Create a pending user from the registration form and issue its confirmation code."""
    user = User(
        usuario=normalize_identifier(data["usuario"]),
        email=normalize_identifier(data["email"]),
        nombres=" ".join(data["nombres"].split()),
        tipo_documento=data["tipo_documento"],
        numero_documento=data["numero_documento"].strip(),
        telefono=data["telefono"].strip(),
        password_hash=hash_secret(data["contrasena"]),
        zona_horaria=data["zona_horaria"],
        pregunta_seguridad=data["pregunta_seguridad"],
        respuesta_seguridad_hash=hash_secret(normalize_answer(data["respuesta_seguridad"])),
        estado="pendiente",
        terminos_aceptados_en=clock.now(),
    )
    db.session.add(user)
    audit.record("usuario.registrado", user, f"Registro del usuario {user.usuario}", actor=user)
    return user, issue_registration_code(user)


def issue_registration_code(user: User) -> codes.Issued:
    return codes.issue(user, "registro", current_app.config["CODIGO_REGISTRO_MINUTOS"])


def confirm_registration(registro: CodigoVerificacion) -> User:
    """Activate the user whose e-mail the code proved."""
    user = registro.usuario
    user.estado = "activo"
    user.email_confirmado_en = clock.now()
    audit.record("usuario.confirmado", user, "Correo confirmado; usuario activo", actor=user)
    return user


def is_locked(user: User) -> bool:
    return user.bloqueado_hasta is not None and user.bloqueado_hasta > clock.now()


def check_credentials(identifier: str, password: str) -> LoginCheck:
    """Step 1 of the login; unknown, locked and wrong all look the same from outside."""
    user = find_user(identifier)
    if user is None:
        waste_comparable_time(password)
        return LoginCheck("fallido")
    if is_locked(user):
        # Do not even test the password: a lock must stop guessing, not just slow it.
        waste_comparable_time(password)
        record_access(user, "fallido")
        return LoginCheck("fallido", user)
    if not check_secret(user.password_hash, password):
        return LoginCheck("fallido", user, count_failure(user, "fallido"))
    if user.estado == "pendiente":
        return LoginCheck("pendiente", user)
    if not user.is_active:
        return LoginCheck("fallido", user)
    return LoginCheck("codigo", user)


def count_failure(user: User, tipo: str) -> bool:
    """Note a failed password or code; return True when it locks the account."""
    user.intentos_fallidos += 1
    record_access(user, tipo)
    if user.intentos_fallidos < current_app.config["BLOQUEO_INTENTOS"]:
        return False
    minutes = current_app.config["BLOQUEO_MINUTOS"]
    user.bloqueado_hasta = clock.now() + timedelta(minutes=minutes)
    user.intentos_fallidos = 0
    record_access(user, "bloqueo")
    audit.record(
        "usuario.bloqueado",
        user,
        f"Ingreso bloqueado {minutes} minutos por intentos fallidos",
        actor=user,
    )
    return True


def issue_login_code(user: User) -> codes.Issued:
    return codes.issue(user, "ingreso", current_app.config["CODIGO_INGRESO_MINUTOS"])


def clear_failures(user: User) -> None:
    user.intentos_fallidos = 0
    user.bloqueado_hasta = None


def start_recovery(identifier: str) -> tuple[User, codes.Issued] | None:
    """Issue a recovery link for an existing, not disabled user; None otherwise."""
    user = find_user(identifier)
    if user is None or user.estado not in ("activo", "pendiente"):
        return None
    issued = codes.issue(user, "recuperacion", current_app.config["RECUPERACION_MINUTOS"])
    audit.record("usuario.recuperacion_solicitada", user, "Enlace de recuperación", actor=user)
    return user, issued


def reset_password(registro: CodigoVerificacion, password: str) -> User:
    """Set a new password from a recovery link and end every session of the user."""
    user = registro.usuario
    codes.spend(registro)
    user.password_hash = hash_secret(password)
    clear_failures(user)
    if user.estado == "pendiente":  # the link proved the address as well as a code would
        user.estado = "activo"
        user.email_confirmado_en = clock.now()
    end_all_sessions(user)
    audit.record("usuario.contrasena_restablecida", user, "Contraseña restablecida", actor=user)
    return user
