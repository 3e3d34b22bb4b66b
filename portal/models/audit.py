"""The audit trail: every mutation writes one event (who, when, what, on which object)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.types import UTCDateTime, utcnow


class Evento(db.Model):
    """One thing that happened to one object; public events make up the public history."""

    __tablename__ = "evento"
    __table_args__ = (Index("ix_evento_objeto", "objeto_tipo", "objeto_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"), index=True)
    # Name and role at the time: the history must still read right if the user changes.
    actor_nombre: Mapped[str] = mapped_column(String(200), default="Sistema")
    actor_rol: Mapped[str] = mapped_column(String(30), default="")
    accion: Mapped[str] = mapped_column(String(60))
    descripcion: Mapped[str] = mapped_column(String(500), default="")
    objeto_tipo: Mapped[str] = mapped_column(String(30))
    objeto_id: Mapped[int] = mapped_column()
    # The process whose public history shows this event, if any.
    proceso_id: Mapped[int | None] = mapped_column(ForeignKey("proceso.id"), index=True)
    publico: Mapped[bool] = mapped_column(default=False)
    cambios: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str] = mapped_column(String(45), default="")

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Evento {self.accion} {self.objeto_tipo}:{self.objeto_id}>"
