"""Processes (p6dx-8zbt) and contracts (jbjy-vk9h) as SECOP II publishes them."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Entidad, Proveedor, User
from portal.models.types import Money, UTCDateTime, utcnow
from portal.models.vocab import ESTADOS_CONTRATO, ESTADOS_PROCESO


class Proceso(db.Model):
    """A procurement process: one row of "SECOP II - Procesos de Contratación"."""

    __tablename__ = "proceso"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_del_proceso: Mapped[str] = mapped_column(String(40), unique=True)  # CO1.REQ.*
    id_del_portafolio: Mapped[str | None] = mapped_column(String(40), index=True)  # CO1.BDOS.*
    referencia: Mapped[str] = mapped_column(String(200), default="", index=True)
    nombre: Mapped[str] = mapped_column(Text, default="")
    descripcion: Mapped[str] = mapped_column(Text, default="")
    entidad_id: Mapped[int] = mapped_column(ForeignKey("entidad.id"), index=True)
    modalidad: Mapped[str] = mapped_column(String(150), default="")
    tipo_contrato: Mapped[str] = mapped_column(String(100), default="")
    subtipo_contrato: Mapped[str] = mapped_column(String(100), default="")
    fase: Mapped[str] = mapped_column(String(150), default="")
    estado_publicado: Mapped[str] = mapped_column(String(100), default="")
    estado: Mapped[str] = mapped_column(String(20), default="otro", index=True)
    estado_motivo: Mapped[str] = mapped_column(Text, default="")
    precio_base: Mapped[int | None] = mapped_column(Money)
    fecha_publicacion: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    fecha_ultima_publicacion: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fecha_recepcion_ofertas: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fecha_apertura_ofertas: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fecha_adjudicacion: Mapped[datetime | None] = mapped_column(UTCDateTime)
    duracion: Mapped[int | None] = mapped_column()
    unidad_duracion: Mapped[str] = mapped_column(String(40), default="")
    departamento: Mapped[str] = mapped_column(String(100), default="")
    ciudad: Mapped[str] = mapped_column(String(100), default="")
    unspsc_principal: Mapped[str | None] = mapped_column(String(8), index=True)
    unspsc_adicionales: Mapped[list[str]] = mapped_column(JSON, default=list)
    adjudicado: Mapped[bool] = mapped_column(default=False)
    adjudicatario_nombre: Mapped[str] = mapped_column(String(400), default="")
    adjudicatario_nit: Mapped[str] = mapped_column(String(30), default="")
    adjudicatario_id: Mapped[int | None] = mapped_column(ForeignKey("proveedor.id"))
    valor_adjudicacion: Mapped[int | None] = mapped_column(Money)
    url_secop: Mapped[str] = mapped_column(String(500), default="")
    # "secop" for imported rows (SECOP II is the source of truth), "portal" for our own.
    origen: Mapped[str] = mapped_column(String(10), default="portal")
    # Fingerprint of the imported row: an unchanged row is skipped on re-import.
    huella_fuente: Mapped[str | None] = mapped_column(String(40))
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actualizado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    entidad: Mapped[Entidad] = relationship()
    adjudicatario: Mapped[Proveedor | None] = relationship()
    contratos: Mapped[list["Contrato"]] = relationship(
        back_populates="proceso", order_by="Contrato.fecha_firma"
    )

    @property
    def estado_label(self) -> str:
        return ESTADOS_PROCESO.get(self.estado, self.estado_publicado or "Otro")

    def __repr__(self) -> str:
        return f"<Proceso {self.id_del_proceso}>"


class Contrato(db.Model):
    """An electronic contract: one row of "SECOP II - Contratos Electrónicos"."""

    __tablename__ = "contrato"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_contrato: Mapped[str] = mapped_column(String(40), unique=True)  # CO1.PCCNTR.*
    referencia: Mapped[str] = mapped_column(String(200), default="", index=True)
    # Published join key: contrato.proceso_de_compra = proceso.id_del_portafolio (CO1.BDOS.*).
    proceso_de_compra: Mapped[str | None] = mapped_column(String(40), index=True)
    proceso_id: Mapped[int | None] = mapped_column(ForeignKey("proceso.id"), index=True)
    entidad_id: Mapped[int] = mapped_column(ForeignKey("entidad.id"), index=True)
    proveedor_id: Mapped[int | None] = mapped_column(ForeignKey("proveedor.id"), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"), index=True)
    objeto: Mapped[str] = mapped_column(Text, default="")
    tipo_contrato: Mapped[str] = mapped_column(String(100), default="")
    modalidad: Mapped[str] = mapped_column(String(150), default="")
    estado_publicado: Mapped[str] = mapped_column(String(100), default="")
    estado: Mapped[str] = mapped_column(String(20), default="otro", index=True)
    valor: Mapped[int | None] = mapped_column(Money)
    valor_pagado: Mapped[int | None] = mapped_column(Money)
    fecha_firma: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    fecha_inicio: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fecha_fin: Mapped[datetime | None] = mapped_column(UTCDateTime)
    origen_recursos: Mapped[str] = mapped_column(String(100), default="")
    destino_gasto: Mapped[str] = mapped_column(String(100), default="")
    unspsc_principal: Mapped[str | None] = mapped_column(String(8))
    departamento: Mapped[str] = mapped_column(String(100), default="")
    ciudad: Mapped[str] = mapped_column(String(100), default="")
    url_secop: Mapped[str] = mapped_column(String(500), default="")
    origen: Mapped[str] = mapped_column(String(10), default="portal")
    huella_fuente: Mapped[str | None] = mapped_column(String(40))
    # SECOP II's «Ultima Actualizacion» of an imported contract: how fresh the public copy is,
    # and what keeps an older extract from undoing a newer one on re-import.
    fecha_ultima_actualizacion: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Closing the case file (issue 6): most contracts are liquidated; services contracts are not.
    requiere_liquidacion: Mapped[bool] = mapped_column(default=True, server_default=true())
    liquidado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cerrado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actualizado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    proceso: Mapped[Proceso | None] = relationship(back_populates="contratos")
    entidad: Mapped[Entidad] = relationship()
    proveedor: Mapped[Proveedor | None] = relationship()
    supervisor: Mapped[User | None] = relationship()

    @property
    def estado_label(self) -> str:
        return ESTADOS_CONTRATO.get(self.estado, self.estado_publicado or "Otro")

    def __repr__(self) -> str:
        return f"<Contrato {self.id_contrato}>"
