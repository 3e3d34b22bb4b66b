"""What happens to a contract after it is signed: modifications and breaches (incumplimientos).

A modification is drafted by the entity, approved (or rejected) by the contractor, then
published by the entity; only publication changes the contract. A breach is registered by the
entity with its administrative act and is public from the start.
"""

from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Proveedor, User
from portal.models.documents import Documento
from portal.models.procurement import Contrato
from portal.models.types import Money, UTCDateTime, utcnow

TIPOS_MODIFICACION = {
    "adicion": "Adición de valor",
    "prorroga": "Prórroga",
    "suspension": "Suspensión",
    "reanudacion": "Reanudación",
    "cesion": "Cesión",
    "otra": "Otra modificación",
}

ESTADOS_MODIFICACION = {
    "borrador": "Borrador",
    "enviada": "Enviada al proveedor",
    "aprobada": "Aprobada por el proveedor",
    "rechazada": "Rechazada por el proveedor",
    "publicada": "Publicada",
    "anulada": "Anulada por la entidad",
}

# A modification in one of these states is still "open": the case file cannot close.
MODIFICACION_ABIERTA = ("borrador", "enviada", "aprobada")

TIPOS_INCUMPLIMIENTO = {
    "multa": "Multa",
    "clausula_penal": "Cláusula penal",
    "caducidad": "Caducidad",
    "declaratoria": "Declaratoria de incumplimiento",
}

ESTADOS_INCUMPLIMIENTO = {
    "en_tramite": "En trámite",
    "en_firme": "Declarado (acto en firme)",
    "revocado": "Revocado",
    "archivado": "Archivado",
}


class Modificacion(db.Model):
    """One modification of a contract, with the values it changes before and after."""

    __tablename__ = "modificacion"

    id: Mapped[int] = mapped_column(primary_key=True)
    contrato_id: Mapped[int] = mapped_column(ForeignKey("contrato.id"), index=True)
    numero: Mapped[int] = mapped_column(default=1)  # 1, 2, 3... within the contract
    tipo: Mapped[str] = mapped_column(String(20))
    descripcion: Mapped[str] = mapped_column(Text, default="")
    estado: Mapped[str] = mapped_column(String(20), default="borrador", index=True)
    # Adición: the amount added; antes/después are refreshed when it is published.
    valor_adicion: Mapped[int | None] = mapped_column(Money)
    valor_antes: Mapped[int | None] = mapped_column(Money)
    valor_despues: Mapped[int | None] = mapped_column(Money)
    fecha_fin_antes: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fecha_fin_despues: Mapped[datetime | None] = mapped_column(UTCDateTime)
    proveedor_antes_id: Mapped[int | None] = mapped_column(ForeignKey("proveedor.id"))
    proveedor_despues_id: Mapped[int | None] = mapped_column(ForeignKey("proveedor.id"))
    documento_id: Mapped[int | None] = mapped_column(ForeignKey("documento.id"))
    motivo_rechazo: Mapped[str] = mapped_column(Text, default="")
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enviada_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decidida_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decidida_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    publicada_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contrato: Mapped[Contrato] = relationship()
    documento: Mapped[Documento | None] = relationship()
    proveedor_antes: Mapped[Proveedor | None] = relationship(foreign_keys=[proveedor_antes_id])
    proveedor_despues: Mapped[Proveedor | None] = relationship(foreign_keys=[proveedor_despues_id])
    creado_por: Mapped[User | None] = relationship(foreign_keys=[creado_por_id])
    decidida_por: Mapped[User | None] = relationship(foreign_keys=[decidida_por_id])

    @property
    def proceso(self):
        """The process whose public history shows this modification's events."""
        return self.contrato.proceso

    @property
    def tipo_label(self) -> str:
        return TIPOS_MODIFICACION.get(self.tipo, self.tipo)

    @property
    def estado_label(self) -> str:
        return ESTADOS_MODIFICACION.get(self.estado, self.estado)

    @property
    def abierta(self) -> bool:
        return self.estado in MODIFICACION_ABIERTA

    @property
    def es_publica(self) -> bool:
        return self.estado == "publicada"

    def __repr__(self) -> str:
        return f"<Modificacion {self.contrato_id}#{self.numero} {self.tipo} {self.estado}>"


incumplimiento_documento = Table(
    "incumplimiento_documento",
    db.metadata,
    Column("incumplimiento_id", ForeignKey("incumplimiento.id"), primary_key=True),
    Column("documento_id", ForeignKey("documento.id"), primary_key=True),
)


class Incumplimiento(db.Model):
    """A breach of a contract declared by the entity, with its act and its fine or sanction."""

    __tablename__ = "incumplimiento"

    id: Mapped[int] = mapped_column(primary_key=True)
    contrato_id: Mapped[int] = mapped_column(ForeignKey("contrato.id"), index=True)
    tipo: Mapped[str] = mapped_column(String(20), default="declaratoria")
    descripcion: Mapped[str] = mapped_column(Text)
    fecha: Mapped[date] = mapped_column(Date)
    acto_administrativo: Mapped[str] = mapped_column(String(300))
    valor_sancion: Mapped[int | None] = mapped_column(Money)
    estado: Mapped[str] = mapped_column(String(20), default="en_tramite")
    creado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actualizado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    contrato: Mapped[Contrato] = relationship()
    creado_por: Mapped[User | None] = relationship()
    documentos: Mapped[list[Documento]] = relationship(
        secondary=incumplimiento_documento, order_by="Documento.cargado_en"
    )

    @property
    def proceso(self):
        return self.contrato.proceso

    @property
    def tipo_label(self) -> str:
        return TIPOS_INCUMPLIMIENTO.get(self.tipo, self.tipo)

    @property
    def estado_label(self) -> str:
        return ESTADOS_INCUMPLIMIENTO.get(self.estado, self.estado)

    def __repr__(self) -> str:
        return f"<Incumplimiento {self.contrato_id} {self.fecha}>"
