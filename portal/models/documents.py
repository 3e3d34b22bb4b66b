"""Documents of the electronic case file, stored by content (SHA-256) under instance/uploads."""

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.procurement import Contrato, Proceso
from portal.models.types import UTCDateTime, utcnow
from portal.models.vocab import ESTADOS_DOCUMENTO, ETAPAS

# Visible in the public expediente; pending, rejected and removed ones are not.
ESTADOS_PUBLICOS = ("publicado", "aprobado")


class Documento(db.Model):
    """A file of a process or a contract, with its stage, version and review state.

    Removing a document never deletes the row nor the file: it only changes its state.
    """

    __tablename__ = "documento"
    __table_args__ = (
        CheckConstraint(
            "(proceso_id IS NOT NULL) OR (contrato_id IS NOT NULL)", name="pertenece_a_algo"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proceso_id: Mapped[int | None] = mapped_column(ForeignKey("proceso.id"), index=True)
    contrato_id: Mapped[int | None] = mapped_column(ForeignKey("contrato.id"), index=True)
    etapa: Mapped[str] = mapped_column(String(20))
    tipo: Mapped[str] = mapped_column(String(100))
    nombre_archivo: Mapped[str] = mapped_column(String(255))
    descripcion: Mapped[str] = mapped_column(Text, default="")
    content_type: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    tamano: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # Versions of one document (an adenda re-issued...) share a serie; the newest is highest.
    serie: Mapped[str | None] = mapped_column(String(40), index=True)
    version: Mapped[int] = mapped_column(default=1)
    estado: Mapped[str] = mapped_column(String(20), default="pendiente", index=True)
    observacion: Mapped[str] = mapped_column(Text, default="")
    cargado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    cargado_por_rol: Mapped[str] = mapped_column(String(20), default="")
    cargado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revisado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    revisado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    eliminado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    eliminado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    proceso: Mapped[Proceso | None] = relationship()
    contrato: Mapped[Contrato | None] = relationship()
    cargado_por: Mapped[User | None] = relationship(foreign_keys=[cargado_por_id])
    revisado_por: Mapped[User | None] = relationship(foreign_keys=[revisado_por_id])
    eliminado_por: Mapped[User | None] = relationship(foreign_keys=[eliminado_por_id])

    @property
    def es_publico(self) -> bool:
        return self.estado in ESTADOS_PUBLICOS

    @property
    def estado_label(self) -> str:
        return ESTADOS_DOCUMENTO.get(self.estado, self.estado)

    @property
    def etapa_label(self) -> str:
        return ETAPAS.get(self.etapa, self.etapa)

    def __repr__(self) -> str:
        return f"<Documento {self.id} {self.nombre_archivo}>"
