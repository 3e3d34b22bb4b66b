"""Documents an entity attaches when it registers its account (Guía SECOP II, sección 5)."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Cuenta, Membresia, User
from portal.models.types import UTCDateTime, utcnow

# Key -> (label, required). The certificate of existence is only for private entities that
# spend public money, so the form asks for it without requiring it.
DOCUMENTOS_REGISTRO = {
    "acto_creacion": ("Último acto de estructura y organización o acta de creación", True),
    "acta_posesion": ("Acta de posesión del ordenador del gasto (o acto de delegación)", True),
    "autorizacion_administrador": ("Documento de autorización del usuario administrador", True),
    "rut": ("Registro Único Tributario (RUT) de la entidad", True),
    "certificado_existencia": (
        "Certificado de existencia y representación legal (solo entidades privadas)",
        False,
    ),
}


class DocumentoCuenta(db.Model):
    """One file of an account's registration, kept in the content-addressed store."""

    __tablename__ = "documento_cuenta"

    id: Mapped[int] = mapped_column(primary_key=True)
    cuenta_id: Mapped[int] = mapped_column(ForeignKey("cuenta.id"), index=True)
    tipo: Mapped[str] = mapped_column(String(40))
    nombre_archivo: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    tamano: Mapped[int] = mapped_column()
    sha256: Mapped[str] = mapped_column(String(64))
    cargado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    cargado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the file backs an access request (to an account that has no Administrador yet)
    # rather than the account's registration.
    membresia_id: Mapped[int | None] = mapped_column(ForeignKey("membresia.id"), index=True)

    cuenta: Mapped[Cuenta] = relationship()
    cargado_por: Mapped[User | None] = relationship()
    membresia: Mapped[Membresia | None] = relationship()

    @property
    def tipo_nombre(self) -> str:
        return DOCUMENTOS_REGISTRO.get(self.tipo, (self.tipo, False))[0]

    def __repr__(self) -> str:
        return f"<DocumentoCuenta {self.tipo} {self.nombre_archivo}>"
