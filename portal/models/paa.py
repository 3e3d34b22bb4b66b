"""Plan Anual de Adquisiciones: one plan per entity and year, its draft and published versions.

The draft is the plan's items without a version; publishing copies them into a new version, so
every published version stays readable (and searchable) exactly as it was published.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import Entidad, User
from portal.models.types import Money, UTCDateTime, utcnow

MESES = (
    "Enero",
    "Febrero",
    "Marzo",
    "Abril",
    "Mayo",
    "Junio",
    "Julio",
    "Agosto",
    "Septiembre",
    "Octubre",
    "Noviembre",
    "Diciembre",
)


class PlanAnual(db.Model):
    """An entity's acquisitions plan for one year (vigencia)."""

    __tablename__ = "plan_anual"
    __table_args__ = (UniqueConstraint("entidad_id", "vigencia"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entidad_id: Mapped[int] = mapped_column(ForeignKey("entidad.id"), index=True)
    vigencia: Mapped[int] = mapped_column()
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the draft last changed: a draft newer than the last version has unpublished changes.
    borrador_modificado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    entidad: Mapped[Entidad] = relationship()
    versiones: Mapped[list["VersionPlan"]] = relationship(
        back_populates="plan", order_by="VersionPlan.numero"
    )

    @property
    def ultima_version(self) -> "VersionPlan | None":
        return self.versiones[-1] if self.versiones else None

    def __repr__(self) -> str:
        return f"<PlanAnual {self.entidad_id} {self.vigencia}>"


class VersionPlan(db.Model):
    """One publication of a plan; its items are a frozen copy of the draft at that moment."""

    __tablename__ = "version_plan"
    __table_args__ = (UniqueConstraint("plan_id", "numero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_anual.id"), index=True)
    numero: Mapped[int] = mapped_column()
    publicada_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    publicada_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    total_items: Mapped[int] = mapped_column(default=0)
    valor_total: Mapped[int] = mapped_column(Money, default=0)
    nota: Mapped[str] = mapped_column(String(500), default="")

    plan: Mapped[PlanAnual] = relationship(back_populates="versiones")
    publicada_por: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<VersionPlan {self.plan_id} v{self.numero}>"


class ItemPlan(db.Model):
    """One planned acquisition, with the columns of the SECOP II PAA export."""

    __tablename__ = "item_plan"
    __table_args__ = (Index("ix_item_plan_plan_version", "plan_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan_anual.id"))
    # None while the item belongs to the draft.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version_plan.id"), index=True)
    posicion: Mapped[int] = mapped_column(default=0)
    codigos_unspsc: Mapped[str] = mapped_column(String(500))  # "80111600;80111601"
    descripcion: Mapped[str] = mapped_column(Text)
    mes_inicio: Mapped[int] = mapped_column()
    mes_ofertas: Mapped[int | None] = mapped_column()
    duracion: Mapped[int | None] = mapped_column()
    duracion_unidad: Mapped[str] = mapped_column(String(10), default="")
    modalidad: Mapped[str] = mapped_column(String(200), default="")
    fuente_recursos: Mapped[str] = mapped_column(String(200), default="")
    valor_total: Mapped[int] = mapped_column(Money)
    valor_vigencia: Mapped[int] = mapped_column(Money)
    requiere_vigencias_futuras: Mapped[bool] = mapped_column(default=False)
    estado_vigencias_futuras: Mapped[str] = mapped_column(String(60), default="")
    unidad_contratacion: Mapped[str] = mapped_column(String(200), default="")
    ubicacion: Mapped[str] = mapped_column(String(200), default="")
    ley_2046: Mapped[str] = mapped_column(String(10), default="")
    suministro_distinto_alimentos: Mapped[str] = mapped_column(String(10), default="")
    # Accent-free, lower-case description and codes: what the public search matches.
    texto_busqueda: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[PlanAnual] = relationship()

    @property
    def codigos(self) -> list[str]:
        return [code for code in self.codigos_unspsc.split(";") if code]

    @property
    def mes_inicio_nombre(self) -> str:
        return MESES[self.mes_inicio - 1]

    @property
    def mes_ofertas_nombre(self) -> str:
        return MESES[self.mes_ofertas - 1] if self.mes_ofertas else ""

    def __repr__(self) -> str:
        return f"<ItemPlan {self.codigos_unspsc} {self.valor_total}>"
