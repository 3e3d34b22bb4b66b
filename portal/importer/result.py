"""What an import reports: counts, reasons of rejected rows, and the processes to re-index."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Rechazo:
    """A row that was not imported (or a notice about one), and why, in Spanish."""

    archivo: str
    donde: str
    motivo: str
    tipo: str = "rechazada"  # "rechazada" | "aviso"

    def __str__(self) -> str:
        return f"{self.archivo}:{self.donde}: {self.motivo}"


@dataclass
class ResultadoArchivo:
    """Counts of one imported file; ``error`` explains a file that could not be imported at all."""

    archivo: str
    conjunto: str | None = None
    leidas: int = 0
    insertadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    rechazadas: int = 0
    duplicadas: int = 0
    segundos: float = 0.0
    error: str | None = None
    motivos: Counter = field(default_factory=Counter)
    proceso_ids: list[int] = field(default_factory=list)

    @property
    def filas_por_segundo(self) -> float:
        return self.leidas / self.segundos if self.segundos else 0.0

    def rechazar(self, motivo: str) -> None:
        self.rechazadas += 1
        self.motivos[motivo.split("«")[0].strip()] += 1
