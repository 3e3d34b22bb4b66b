"""Single-use e-mailed codes: issued hashed, checked in constant time, burnt after a few tries."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from portal import clock
from portal.extensions import db
from portal.models import CodigoVerificacion, User


@dataclass
class Issued:
    """What the caller needs after issuing: the stored record, the flow token and the code."""

    registro: CodigoVerificacion
    flujo: str
    codigo: str


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def code_digest(code: str) -> str:
    """Keyed hash: a stolen table cannot be brute-forced without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def issue(user: User, proposito: str, minutes: int, destino: str = "") -> Issued:
    """Create a fresh code for ``user`` and ``proposito``; earlier unused ones stop working."""
    now = clock.now()
    db.session.execute(
        update(CodigoVerificacion)
        .where(
            CodigoVerificacion.usuario_id == user.id,
            CodigoVerificacion.proposito == proposito,
            CodigoVerificacion.usado_en.is_(None),
        )
        .values(usado_en=now)
    )
    flujo, codigo = secrets.token_urlsafe(32), _new_code()
    registro = CodigoVerificacion(
        usuario=user,
        proposito=proposito,
        flujo_hash=token_hash(flujo),
        codigo_hash=code_digest(codigo),
        destino=destino or user.email,
        creado_en=now,
        enviado_en=now,
        expira_en=now + timedelta(minutes=minutes),
    )
    db.session.add(registro)
    db.session.flush()
    return Issued(registro, flujo, codigo)


def find(flujo: str | None, proposito: str) -> CodigoVerificacion | None:
    """Return the live (unused, unexpired) record of a flow token, or None."""
    if not flujo:
        return None
    registro = db.session.scalar(
        select(CodigoVerificacion).where(
            CodigoVerificacion.flujo_hash == token_hash(flujo),
            CodigoVerificacion.proposito == proposito,
        )
    )
    if registro is None or registro.usado_en is not None or registro.expira_en <= clock.now():
        return None
    return registro


def attempts_left(registro: CodigoVerificacion) -> int:
    return max(current_app.config["CODIGO_MAX_INTENTOS"] - registro.intentos, 0)


def verify(registro: CodigoVerificacion, code: str) -> bool:
    """Check a typed code; a right one is spent, a wrong one costs a try (the last one burns it)."""
    if attempts_left(registro) == 0:
        return False
    code = "".join(code.split())
    if hmac.compare_digest(registro.codigo_hash, code_digest(code)):
        registro.usado_en = clock.now()
        return True
    registro.intentos += 1
    if attempts_left(registro) == 0:
        registro.usado_en = clock.now()  # burnt: a new login or resend is needed
    return False


def spend(registro: CodigoVerificacion) -> None:
    """Mark a link or code as used once its purpose is fulfilled."""
    registro.usado_en = clock.now()


def resend_wait_seconds(registro: CodigoVerificacion) -> int:
    """Seconds left before another code may be sent for this flow (0 when allowed)."""
    cooldown = timedelta(seconds=current_app.config["CODIGO_REENVIO_SEGUNDOS"])
    remaining = registro.enviado_en + cooldown - clock.now()
    return max(int(remaining.total_seconds() + 0.999), 0)


def can_resend_again(registro: CodigoVerificacion) -> bool:
    return registro.reenvios < current_app.config["CODIGO_MAX_REENVIOS"]


def regenerate(registro: CodigoVerificacion, minutes: int) -> str:
    """Give the same flow a new code (for "reenviar"), with fresh tries and validity."""
    codigo, now = _new_code(), clock.now()
    registro.codigo_hash = code_digest(codigo)
    registro.intentos = 0
    registro.reenvios += 1
    registro.enviado_en = now
    registro.expira_en = now + timedelta(minutes=minutes)
    return codigo
