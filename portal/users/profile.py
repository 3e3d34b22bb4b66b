"""Changes a signed-in user makes in "Mi cuenta". Flush and log, never commit."""

from flask import current_app

from portal import audit
from portal.errors import Refused
from portal.models import CodigoVerificacion, User
from portal.users import codes
from portal.users.passwords import hash_secret, normalize_answer
from portal.users.services import email_taken, normalize_identifier
from portal.users.sessions import end_all_sessions

PROFILE_FIELDS = (
    "nombres",
    "tipo_documento",
    "numero_documento",
    "telefono",
    "zona_horaria",
    "pregunta_seguridad",
)


def update_profile(user: User, data: dict) -> dict:
    """Apply the personal data form; return the {field: [old, new]} changes."""
    before = {field: getattr(user, field) for field in PROFILE_FIELDS}
    after = {field: " ".join(str(data[field]).split()) for field in PROFILE_FIELDS}
    for field, value in after.items():
        setattr(user, field, value)
    changes = audit.diff(before, after)
    if data.get("respuesta_seguridad"):
        user.respuesta_seguridad_hash = hash_secret(normalize_answer(data["respuesta_seguridad"]))
        changes["respuesta_seguridad"] = ["(oculta)", "(nueva)"]
    if changes:
        audit.record("usuario.datos_actualizados", user, "Datos personales", cambios=changes)
    return changes


def change_password(user: User, password: str) -> None:
    """Set a new password; every session ends (the view opens a new one for this browser)."""
    user.password_hash = hash_secret(password)
    end_all_sessions(user)
    audit.record("usuario.contrasena_cambiada", user, "Cambio de contraseña")


def start_email_change(user: User, new_email: str) -> codes.Issued:
    """Send a code to the new address; the change happens only once it is confirmed."""
    minutes = current_app.config["CODIGO_CORREO_MINUTOS"]
    return codes.issue(user, "cambio_correo", minutes, destino=normalize_identifier(new_email))


def finish_email_change(registro: CodigoVerificacion) -> str:
    """Switch to the confirmed address; return the old one (it gets told)."""
    user = registro.usuario
    if email_taken(registro.destino, other_than=user):
        # Someone else registered it while the code was on its way.
        raise Refused("Ese correo acaba de ser registrado por otro usuario. Use otro.")
    old = user.email
    user.email = registro.destino
    audit.record(
        "usuario.correo_cambiado", user, "Cambio de correo", cambios={"email": [old, user.email]}
    )
    return old
