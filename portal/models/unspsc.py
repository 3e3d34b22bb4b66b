"""Colombia Compra's "Clasificador de Bienes y Servicios" (UNSPSC with Spanish names)."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

# Eight-digit codes: SSFFCCPP. A segment ends in 000000, a family in 0000, a class in 00.
NIVELES = ("segmento", "familia", "clase", "producto")


class Unspsc(db.Model):
    """One node of the classifier: a segment, family, class or product."""

    __tablename__ = "unspsc"

    codigo: Mapped[str] = mapped_column(String(8), primary_key=True)
    nivel: Mapped[str] = mapped_column(String(10), index=True)
    nombre: Mapped[str] = mapped_column(String(400))
    padre: Mapped[str | None] = mapped_column(String(8), index=True)

    def __repr__(self) -> str:
        return f"<Unspsc {self.codigo} {self.nombre}>"


def nivel_de(codigo: str) -> str:
    """Tell the level of an eight-digit code from its trailing zeros."""
    if codigo.endswith("000000"):
        return "segmento"
    if codigo.endswith("0000"):
        return "familia"
    if codigo.endswith("00"):
        return "clase"
    return "producto"


def padre_de(codigo: str) -> str | None:
    """Return the code of the node one level up, or None for a segment."""
    nivel = nivel_de(codigo)
    if nivel == "segmento":
        return None
    keep = {"familia": 2, "clase": 4, "producto": 6}[nivel]
    return codigo[:keep].ljust(8, "0")
