"""What keeps accounts safe: one-time codes, server-side sessions and the access history."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.types import UTCDateTime, utcnow

PROPOSITOS_CODIGO = {
    "registro": "Confirmación del registro",
    "ingreso": "Código de ingreso",
    "recuperacion": "Recuperación de contraseña",
    "cambio_correo": "Cambio de correo electrónico",
}

TIPOS_ACCESO = {
    "ingreso": "Inicio de sesión",
    "salida": "Cierre de sesión",
    "vencida": "Sesión vencida",
    "fallido": "Intento fallido",
    "codigo_fallido": "Código incorrecto",
    "bloqueo": "Bloqueo por intentos fallidos",
}


class CodigoVerificacion(db.Model):
    """A single-use secret e-mailed to a user: a 6-digit code or a recovery link.

    The browser keeps only an opaque flow token; the database keeps hashes of the token and of
    the code, so a leaked table does not let anyone in.
    """

    __tablename__ = "codigo_verificacion"

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    proposito: Mapped[str] = mapped_column(String(20))
    flujo_hash: Mapped[str] = mapped_column(String(64), unique=True)
    codigo_hash: Mapped[str] = mapped_column(String(64), default="")
    # Where the code went; for a change of e-mail it is the new address being confirmed.
    destino: Mapped[str] = mapped_column(String(254), default="")
    intentos: Mapped[int] = mapped_column(default=0)
    reenvios: Mapped[int] = mapped_column(default=0)
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enviado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expira_en: Mapped[datetime] = mapped_column(UTCDateTime)
    usado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    usuario: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<CodigoVerificacion {self.proposito} usuario={self.usuario_id}>"


class Sesion(db.Model):
    """A signed-in browser; closing it here ends it even if someone kept a copy of the cookie."""

    __tablename__ = "sesion"

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    iniciada_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ultima_actividad_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cerrada_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ip: Mapped[str] = mapped_column(String(45), default="")
    navegador: Mapped[str] = mapped_column(String(120), default="")

    usuario: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Sesion usuario={self.usuario_id} abierta={self.cerrada_en is None}>"


class Acceso(db.Model):
    """One line of a user's access history: logins, logouts, failed attempts and locks."""

    __tablename__ = "acceso"
    __table_args__ = (Index("ix_acceso_usuario_creado", "usuario_id", "creado_en"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"))
    tipo: Mapped[str] = mapped_column(String(20))
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip: Mapped[str] = mapped_column(String(45), default="")
    navegador: Mapped[str] = mapped_column(String(120), default="")

    @property
    def tipo_nombre(self) -> str:
        return TIPOS_ACCESO.get(self.tipo, self.tipo)

    def __repr__(self) -> str:
        return f"<Acceso {self.tipo} usuario={self.usuario_id}>"
