"""Document rows of the demo case files, their PDFs and their upload events.

A detailed case file's reviewed documents arrive pending and the supervisor reviews them
through portal.contracts.execution, which sets the state and logs the decision; beyond the
detailed range the rows are written already reviewed, for speed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from portal.contracts import execution
from portal.demo import replay
from portal.demo.accounts import Persona
from portal.demo.bulk import BulkWriter
from portal.demo.events import event_row
from portal.demo.pdf import PdfContent, PdfStore
from portal.demo.processes import Expediente
from portal.extensions import db
from portal.models import Documento, User
from portal.models.documents import ESTADOS_PUBLICOS
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE

RECHAZO = "Faltan las evidencias fotográficas y la planilla de seguridad social del periodo."
REVIEWED = ("aprobado", "rechazado")


@dataclass(frozen=True)
class Review:
    """A supervisor's decision on a document, taken once its row is in the database."""

    documento_id: int
    supervisor: Persona
    cuando: datetime
    aprobar: bool


class DocumentRows:
    """Queue one document (and its events); ``detailed`` decides between its own PDF and the pool."""

    def __init__(self, writer: BulkWriter, pdfs: PdfStore, anchor: datetime) -> None:
        self.writer = writer
        self.pdfs = pdfs
        self.anchor = anchor
        self.detailed = True
        self.reviews: list[Review] = []

    def add(
        self,
        exp,
        tipo,
        cuando,
        estado,
        autor: Persona | None,
        rol,
        *,
        contrato=False,
        descripcion="",
        serie=None,
        version=1,
        etapa=None,
    ):
        cuando = min(cuando, self.anchor - timedelta(hours=1))
        label, etapa_usual = TIPOS_DOCUMENTO_EXPEDIENTE[tipo]
        etapa = etapa or etapa_usual or "precontractual"
        titulo = descripcion or label
        stored = (
            self.stored(exp, tipo, titulo, cuando, contrato)
            if self.detailed
            else self.pdfs.pooled(tipo)
        )
        revisado = estado in REVIEWED
        revisor = exp.contrato.supervisor if revisado else None
        revisado_en = cuando + timedelta(days=2) if revisado else None
        by_service = revisado and self.detailed  # it arrives pending; the service reviews it
        doc_id = self.row(
            exp,
            stored,
            contrato=contrato,
            etapa=etapa,
            tipo=tipo,
            nombre_archivo=file_name(tipo, exp, contrato, version, serie),
            descripcion=titulo,
            serie=serie,
            version=version,
            estado="pendiente" if by_service else estado,
            observacion=RECHAZO if estado == "rechazado" and not by_service else "",
            cargado_por_id=autor.id if autor else None,
            cargado_por_rol=rol,
            cargado_en=cuando,
            revisado_por_id=revisor.id if revisor and not by_service else None,
            revisado_en=None if by_service else revisado_en,
        )
        if self.detailed:
            self.upload_event(exp, doc_id, titulo, cuando, estado, autor, rol)
        if by_service:
            self.reviews.append(Review(doc_id, revisor, revisado_en, estado == "aprobado"))

    def row(self, exp: Expediente, stored, *, contrato: bool, **fields) -> int:
        """Queue a document row of ``exp`` (of its contract if ``contrato``); return its id."""
        doc_id = self.writer.new_id("documento")
        self.writer.add(
            "documento",
            {
                "id": doc_id,
                "proceso_id": exp.proceso_id,
                "contrato_id": exp.contrato.id if contrato else None,
                "content_type": "application/pdf",
                "tamano": stored.size,
                "sha256": stored.sha256,
                "serie": None,
                "version": 1,
                "observacion": "",
                "revisado_por_id": None,
                "revisado_en": None,
                "eliminado_por_id": None,
                "eliminado_en": None,
            }
            | fields,
        )
        return doc_id

    def upload_event(self, exp, doc_id, titulo, cuando, estado, autor, rol) -> None:
        nombre = None if autor else exp.contrato.proveedor.nombre
        self.writer.add(
            "evento",
            event_row(
                "documento.cargado",
                "documento",
                doc_id,
                exp.proceso_id,
                cuando,
                f"Cargó el documento «{titulo}».",
                actor=autor,
                actor_nombre=nombre,
                actor_rol=rol,
                publico=estado in ESTADOS_PUBLICOS,
            ),
        )

    def review_pending(self) -> None:
        """Have each supervisor approve or reject the queued documents, at the planned moment."""
        if not self.reviews:
            return
        self.writer.flush()  # the service reads the document rows
        ids = [review.documento_id for review in self.reviews]
        documentos = {
            d.id: d for d in db.session.scalars(select(Documento).where(Documento.id.in_(ids)))
        }
        for review in self.reviews:
            documento = documentos[review.documento_id]
            supervisor = db.session.get(User, review.supervisor.id)
            with replay.at(review.cuando, supervisor):
                observacion = "" if review.aprobar else RECHAZO
                execution.review(documento, supervisor, review.aprobar, observacion)
        self.reviews.clear()

    def stored(self, exp: Expediente, tipo: str, titulo: str, cuando: datetime, contrato: bool,
               extra=()):  # fmt: skip
        campos = [
            ("Proceso", f"{exp.id_del_proceso} ({exp.referencia})"),
            ("Modalidad", exp.modalidad.nombre),
        ]
        if contrato:
            c = exp.contrato
            campos += [
                ("Contrato", f"{c.id_contrato} ({c.referencia})"),
                ("Contratista", c.proveedor.nombre),
            ]
        campos += extra
        campos.append(("Fecha", (cuando - timedelta(hours=5)).strftime("%d/%m/%Y")))
        return self.pdfs.save(
            PdfContent(titulo, exp.entidad.spec.nombre, tuple(campos), f"Objeto: {exp.nombre}")
        )


def file_name(tipo: str, exp: Expediente, contrato: bool, version: int, serie: str | None) -> str:
    referencia = exp.contrato.referencia if contrato else exp.referencia
    numero = f"_{serie.rsplit('-', 1)[1]}" if serie else ""
    sufijo = f"_v{version}" if version > 1 else ""
    return f"{tipo}{numero}_{referencia}{sufijo}.pdf"
