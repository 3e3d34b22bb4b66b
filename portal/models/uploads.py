"""Resumable upload sessions (tus): who is sending which file, for what, and how far it got."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.types import UTCDateTime, utcnow

# en_curso: bytes still arriving | completa: stored and handed to its purpose |
# rechazada: refused (checksum, type...), its partial data already deleted.
ESTADOS_CARGA = ("en_curso", "completa", "rechazada")


class SesionCarga(db.Model):
    """One file being uploaded in chunks; its bytes live under UPLOAD_DIR/partial/<token>.

    The row, not the partial file, is the truth about the offset: a PATCH cut by a crash
    may leave extra bytes on disk, and the next PATCH truncates them away.
    Completed rows are kept: they are the record behind the "acuse de recibo".
    """

    __tablename__ = "sesion_carga"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"), index=True)
    # What the file is for: a registered purpose name plus its target (contract, type...).
    proposito: Mapped[str] = mapped_column(String(40))
    contrato_id: Mapped[int | None] = mapped_column(ForeignKey("contrato.id"), index=True)
    metadatos: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    nombre_original: Mapped[str] = mapped_column(String(500))
    nombre_seguro: Mapped[str] = mapped_column(String(255))
    tipo_contenido: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    longitud: Mapped[int] = mapped_column(BigInteger)
    desplazamiento: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256_cliente: Mapped[str] = mapped_column(String(64), default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    estado: Mapped[str] = mapped_column(String(20), default="en_curso", index=True)
    mensaje: Mapped[str] = mapped_column(Text, default="")
    resultado_url: Mapped[str] = mapped_column(String(500), default="")
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expira_en: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    completado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    usuario: Mapped[User] = relationship()

    @property
    def en_curso(self) -> bool:
        return self.estado == "en_curso"

    def __repr__(self) -> str:
        return f"<SesionCarga {self.token[:8]} {self.desplazamiento}/{self.longitud}>"
