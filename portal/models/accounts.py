"""People and the accounts they act for: entities, providers and their memberships."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.types import UTCDateTime, utcnow


class User(UserMixin, db.Model):
    """A person who logs in; acts for one or more accounts through memberships."""

    __tablename__ = "usuario"

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario: Mapped[str] = mapped_column(String(60), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    nombres: Mapped[str] = mapped_column(String(200))
    tipo_documento: Mapped[str] = mapped_column(String(10), default="CC")
    numero_documento: Mapped[str] = mapped_column(String(30), default="")
    telefono: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    zona_horaria: Mapped[str] = mapped_column(String(60), default="America/Bogota")
    pregunta_seguridad: Mapped[str] = mapped_column(String(200), default="")
    respuesta_seguridad_hash: Mapped[str] = mapped_column(String(255), default="")
    # pendiente (e-mail not confirmed yet) | activo | inactivo
    estado: Mapped[str] = mapped_column(String(20), default="pendiente")
    es_admin_plataforma: Mapped[bool] = mapped_column(default=False)
    terminos_aceptados_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    email_confirmado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    intentos_fallidos: Mapped[int] = mapped_column(default=0)
    bloqueado_hasta: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped to end every session of the user at once (password reset, logout everywhere).
    version_sesion: Mapped[int] = mapped_column(default=1)
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    membresias: Mapped[list["Membresia"]] = relationship(
        back_populates="usuario", foreign_keys="Membresia.usuario_id"
    )

    def get_id(self) -> str:
        # The session version is part of the id so that bumping it logs out every session.
        return f"{self.id}:{self.version_sesion}"

    @property
    def is_active(self) -> bool:
        return self.estado == "activo"

    def __repr__(self) -> str:
        return f"<User {self.usuario}>"


class Cuenta(db.Model):
    """An account of SECOP II: an Entidad Estatal or a Proveedor (joined-table inheritance)."""

    __tablename__ = "cuenta"

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[str] = mapped_column(String(20))
    nombre: Mapped[str] = mapped_column(String(400), index=True)
    # activa | pendiente_activacion | rechazada; imported accounts are active with no members.
    estado: Mapped[str] = mapped_column(String(30), default="activa")
    correo: Mapped[str] = mapped_column(String(254), default="")
    telefono: Mapped[str] = mapped_column(String(40), default="")
    direccion: Mapped[str] = mapped_column(String(300), default="")
    departamento: Mapped[str] = mapped_column(String(100), default="")
    ciudad: Mapped[str] = mapped_column(String(100), default="")
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Who registered the account in the portal (None for imported accounts) and, for entity
    # accounts the platform administrator rejected, why: both are shown to that user.
    registrada_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    motivo_rechazo: Mapped[str] = mapped_column(String(500), default="")

    membresias: Mapped[list["Membresia"]] = relationship(back_populates="cuenta")
    registrada_por: Mapped[User | None] = relationship(foreign_keys=[registrada_por_id])

    __mapper_args__ = {"polymorphic_on": "tipo", "polymorphic_identity": "cuenta"}


class Entidad(Cuenta):
    """A public entity (Entidad Estatal) as listed in SECOP II."""

    __tablename__ = "entidad"

    id: Mapped[int] = mapped_column(ForeignKey("cuenta.id"), primary_key=True)
    nit: Mapped[str] = mapped_column(String(20), index=True)
    codigo_secop: Mapped[str | None] = mapped_column(String(20), unique=True)
    orden: Mapped[str] = mapped_column(String(60), default="")
    rama: Mapped[str] = mapped_column(String(60), default="")
    sector: Mapped[str] = mapped_column(String(120), default="")
    tipo_entidad: Mapped[str] = mapped_column(String(120), default="")

    __mapper_args__ = {"polymorphic_identity": "entidad"}

    def __repr__(self) -> str:
        return f"<Entidad {self.nit} {self.nombre}>"


class Proveedor(Cuenta):
    """A provider account: persona natural, persona jurídica or proponente plural."""

    __tablename__ = "proveedor"

    id: Mapped[int] = mapped_column(ForeignKey("cuenta.id"), primary_key=True)
    tipo_persona: Mapped[str] = mapped_column(String(20), default="juridica")
    tipo_documento: Mapped[str] = mapped_column(String(10), default="NIT")
    numero_documento: Mapped[str] = mapped_column(String(30), index=True)
    codigo_secop: Mapped[str | None] = mapped_column(String(20), unique=True)
    es_pyme: Mapped[bool | None] = mapped_column()

    __mapper_args__ = {"polymorphic_identity": "proveedor"}

    def __repr__(self) -> str:
        return f"<Proveedor {self.numero_documento} {self.nombre}>"


class Membresia(db.Model):
    """A user's membership of an account, with its role and the state of the request."""

    __tablename__ = "membresia"
    __table_args__ = (UniqueConstraint("usuario_id", "cuenta_id", "creado_en"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    cuenta_id: Mapped[int] = mapped_column(ForeignKey("cuenta.id"), index=True)
    rol: Mapped[str] = mapped_column(String(20))
    estado: Mapped[str] = mapped_column(String(20), default="pendiente")
    mensaje: Mapped[str] = mapped_column(Text, default="")
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decidido_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decidido_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))

    usuario: Mapped[User] = relationship(back_populates="membresias", foreign_keys=[usuario_id])
    cuenta: Mapped[Cuenta] = relationship(back_populates="membresias")
    decidido_por: Mapped[User | None] = relationship(foreign_keys=[decidido_por_id])


def load_user(session_id: str) -> User | None:
    """Flask-Login loader: the id carries the session version, so old sessions stop loading."""
    user_id, _, version = session_id.partition(":")
    if not user_id.isdecimal() or not version.isdecimal():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.version_sesion != int(version):
        return None
    return user
