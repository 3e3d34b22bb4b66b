"""Small one-page PDFs for the demo documents, stored through the content-addressed store.

The same content always gives the same bytes (fixed creation date and metadata), so the demo is
reproducible and identical documents are stored once.
"""

import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime

from fpdf import FPDF

from portal import storage
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE

FIXED_CREATION_DATE = datetime(2026, 1, 1, tzinfo=UTC)
FOOTER = (
    "Documento sintético generado para la demostración del Portal de Contratación. "
    "No corresponde a ningún proceso real."
)


@dataclass(frozen=True)
class PdfContent:
    """What a demo document says: its title, who issued it and the facts it records."""

    titulo: str
    entidad: str
    campos: tuple[tuple[str, str], ...]
    texto: str


def render(content: PdfContent) -> bytes:
    """Lay out one page: title, entity, a table of facts, a paragraph and the footer."""
    pdf = FPDF(format="letter")
    pdf.set_creation_date(FIXED_CREATION_DATE)
    pdf.set_title(latin1(content.titulo))
    pdf.set_author(latin1(content.entidad))
    pdf.set_creator("Portal de Contratación (demostración)")
    pdf.set_producer("Portal de Contratación")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 9)
    _lines(pdf, content.entidad, 100, 5)
    pdf.set_font("Helvetica", "B", 15)
    _lines(pdf, content.titulo, 55, 9)
    pdf.set_font("Helvetica", "", 10)
    for label, value in content.campos:
        _lines(pdf, f"{label}: {value}", 85, 6)
    pdf.ln(4)
    _lines(pdf, content.texto, 85, 6)
    pdf.ln(8)
    pdf.set_font("Helvetica", "I", 8)
    _lines(pdf, FOOTER, 110, 4)
    return bytes(pdf.output())


def _lines(pdf: FPDF, text: str, width: int, height: float) -> None:
    # Wrapping by character count is far cheaper than fpdf's measured line breaking, and
    # the widths above keep even upper-case text inside the page.
    for line in textwrap.wrap(latin1(text), width):
        pdf.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")


def latin1(text: str) -> str:
    """The built-in PDF fonts speak Latin-1: replace the few characters outside it."""
    return text.replace("—", "-").replace("–", "-").encode("latin-1", "replace").decode("latin-1")


class PdfStore:
    """Render and store demo PDFs; ``pooled`` reuses one generic file per document type."""

    def __init__(self) -> None:
        self._pool: dict[str, storage.StoredFile] = {}
        self.rendered = 0

    def save(self, content: PdfContent) -> storage.StoredFile:
        self.rendered += 1
        return storage.save_bytes(render(content))

    def pooled(self, tipo: str) -> storage.StoredFile:
        if tipo not in self._pool:
            label = TIPOS_DOCUMENTO_EXPEDIENTE[tipo][0]
            self._pool[tipo] = self.save(
                PdfContent(
                    titulo=label,
                    entidad="Portal de Contratación - datos de demostración",
                    campos=(("Tipo de documento", label),),
                    texto=(
                        "Documento de ejemplo compartido por los procesos de la carga masiva de "
                        "demostración. Los datos del proceso figuran en la ficha del portal."
                    ),
                )
            )
        return self._pool[tipo]
