"""Payment requests of a contract's "Plan de pagos": an invoice the contractor sends for approval."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.accounts import User
from portal.models.documents import Documento
from portal.models.procurement import Contrato
from portal.models.types import Money, UTCDateTime, utcnow

ESTADOS_SOLICITUD_PAGO = {
    "borrador": "Borrador",
    "enviada": "Enviada a la Entidad Estatal",
    "aprobada": "Aprobada",
    "rechazada": "Rechazada",
    "pagada": "Pagada",
}
# Requests that count against the contract's value until they are rejected.
ESTADOS_COMPROMETIDOS = ("enviada", "aprobada", "pagada")


class SolicitudPago(db.Model):
    """One invoice of the payment plan: drafted and sent by the contractor, decided by the supervisor.

    A rejected request keeps its reason and can be corrected and sent again; nothing is deleted.
    """

    __tablename__ = "solicitud_pago"

    id: Mapped[int] = mapped_column(primary_key=True)
    contrato_id: Mapped[int] = mapped_column(ForeignKey("contrato.id"), index=True)
    numero_factura: Mapped[str] = mapped_column(String(60))
    fecha_emision: Mapped[date] = mapped_column(Date)
    # The day the entity received it: set when the contractor sends it.
    fecha_recepcion: Mapped[date | None] = mapped_column(Date)
    valor: Mapped[int] = mapped_column(Money)
    estado: Mapped[str] = mapped_column(String(20), default="borrador", index=True)
    motivo_rechazo: Mapped[str] = mapped_column(Text, default="")
    factura_documento_id: Mapped[int | None] = mapped_column(ForeignKey("documento.id"))
    creado_por_id: Mapped[int] = mapped_column(ForeignKey("usuario.id"))
    creado_en: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    enviado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    enviado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revisado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    revisado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pagado_por_id: Mapped[int | None] = mapped_column(ForeignKey("usuario.id"))
    pagado_en: Mapped[datetime | None] = mapped_column(UTCDateTime)

    contrato: Mapped[Contrato] = relationship()
    factura: Mapped[Documento | None] = relationship()
    creado_por: Mapped[User] = relationship(foreign_keys=[creado_por_id])
    enviado_por: Mapped[User | None] = relationship(foreign_keys=[enviado_por_id])
    revisado_por: Mapped[User | None] = relationship(foreign_keys=[revisado_por_id])
    pagado_por: Mapped[User | None] = relationship(foreign_keys=[pagado_por_id])

    @property
    def estado_label(self) -> str:
        return ESTADOS_SOLICITUD_PAGO.get(self.estado, self.estado)

    @property
    def editable(self) -> bool:
        """The contractor may attach an invoice and send it while drafting or after a rejection."""
        return self.estado in ("borrador", "rechazada")

    @property
    def proceso(self):
        """Audit events of a payment belong to the contract's process history."""
        return self.contrato.proceso if self.contrato else None

    def __repr__(self) -> str:
        return f"<SolicitudPago {self.id} {self.numero_factura} {self.estado}>"
