"""The electronic case file of a demo process: documents per stage, with their events.

Detailed case files get one PDF per document; beyond the detailed range a smaller set of
documents points at a shared pool of PDFs, so that a million processes stay cheap.
"""

import random
from datetime import datetime, timedelta

from portal import access
from portal.demo import vocabulary as v
from portal.demo.awarding import replay_award
from portal.demo.bulk import BulkWriter
from portal.demo.documents import DocumentRows
from portal.demo.management import ManagementWriter
from portal.demo.pdf import PdfStore
from portal.demo.processes import Expediente
from portal.expediente import checklist
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE, fold


class ExpedienteWriter:
    def __init__(self, writer: BulkWriter, rng: random.Random, pdfs: PdfStore, anchor: datetime):
        self.rng = rng
        self.anchor = anchor
        self.rows = DocumentRows(writer, pdfs, anchor)
        self.gestion = ManagementWriter(writer, rng, self.rows)
        self.detailed = True

    def write(self, exp: Expediente, detailed: bool) -> None:
        """Queue the documents of every stage the process has reached."""
        self.detailed = self.rows.detailed = detailed
        self.preparatoria(exp)
        if exp.fechas.publicacion:
            self.precontractual(exp)
        replay_award(self.rows.writer, exp)
        if exp.contrato and exp.fechas.firma:
            self.contractual(exp)
            self.ejecucion(exp)
        self.rows.review_pending()

    # --- stages --------------------------------------------------------------------------

    def preparatoria(self, exp: Expediente) -> None:
        f = exp.fechas
        publicado = f.publicacion is not None
        estado = "publicado" if publicado else "pendiente"
        cuando = (f.publicacion or f.creado + timedelta(days=1)) - timedelta(days=2)
        self.entidad_doc(exp, "estudios_previos", cuando, estado=estado)
        if self.detailed and exp.modalidad.competitiva:
            self.entidad_doc(exp, "analisis_sector", cuando, estado=estado)

    def precontractual(self, exp: Expediente) -> None:
        f, estado = exp.fechas, exp.estado
        if not exp.modalidad.competitiva:
            if not self.detailed:
                return
            justificacion = "Acto administrativo de justificación de la contratación directa"
            self.entidad_doc(exp, "otro", f.publicacion, descripcion=justificacion)
            self.oferta(exp, f.publicacion + timedelta(hours=4))
            return
        if self.detailed and demanded("aviso_convocatoria", exp.modalidad.nombre):
            self.entidad_doc(exp, "aviso_convocatoria", f.publicacion)
        if self.detailed:
            self.entidad_doc(exp, "proyecto_pliego", f.publicacion)
        if estado == "publicado":
            return
        definitivo = f.publicacion + timedelta(days=self.rng.randint(3, 7))
        self.entidad_doc(exp, "pliego_definitivo", definitivo)
        if self.detailed and self.rng.random() < 0.5:
            self.adendas(exp, definitivo)
        if estado in ("adjudicado", "celebrado", "desierto", "evaluacion"):
            self.evaluacion(exp)
        elif estado in v.MOTIVOS and self.detailed:
            self.entidad_doc(
                exp,
                "comunicacion",
                f.publicacion + timedelta(days=9),
                etapa="precontractual",
                descripcion=v.MOTIVOS[estado],
            )

    def adendas(self, exp: Expediente, desde: datetime) -> None:
        serie = f"P{exp.proceso_id}-adenda-1"
        cuando = desde + timedelta(days=2)
        self.entidad_doc(
            exp,
            "adenda",
            cuando,
            serie=serie,
            descripcion="Adenda No. 1: modifica el cronograma del proceso",
        )
        if self.rng.random() < 0.4:
            self.entidad_doc(
                exp,
                "adenda",
                cuando + timedelta(hours=5),
                serie=serie,
                version=2,
                descripcion="Adenda No. 1 (versión corregida): modifica el cronograma del proceso",
            )

    def evaluacion(self, exp: Expediente) -> None:
        f = exp.fechas
        informe = (f.recepcion or f.publicacion) + timedelta(days=self.rng.randint(2, 5))
        preliminar = exp.estado == "evaluacion"
        if self.detailed:
            self.oferta(exp, f.recepcion or f.publicacion)
            self.entidad_doc(
                exp,
                "informe_evaluacion",
                informe,
                descripcion="Informe de evaluación preliminar"
                if preliminar
                else "Informe de evaluación definitivo",
            )
        if exp.estado == "desierto":
            self.entidad_doc(
                exp,
                "otro",
                informe + timedelta(days=3),
                descripcion="Acto administrativo de declaratoria de desierto",
            )
        elif f.adjudicacion:
            self.entidad_doc(exp, "acto_adjudicacion", f.adjudicacion)

    def oferta(self, exp: Expediente, cuando: datetime) -> None:
        """The winning offer, published with the case file: closing the contract demands it."""
        if exp.contrato is not None:
            descripcion = f"Oferta de {exp.contrato.proveedor.nombre}"
            self.entidad_doc(exp, "oferta", cuando, descripcion=descripcion)

    def contractual(self, exp: Expediente) -> None:
        f, c = exp.fechas, exp.contrato
        self.entidad_doc(
            exp, "contrato", f.firma, contrato=True, descripcion=f"Contrato {c.referencia} firmado"
        )
        if self.detailed:
            self.proveedor_doc(
                exp,
                "garantia",
                f.firma + timedelta(days=1),
                "aprobado",
                descripcion="Póliza de cumplimiento",
            )
        if self.detailed and (c.estado not in ("aprobado", "cancelado") or f.inicio < self.anchor):
            self.entidad_doc(exp, "acta_inicio", f.inicio, contrato=True)

    def ejecucion(self, exp: Expediente) -> None:
        f, c = exp.fechas, exp.contrato
        hasta = min(self.anchor, c.fin)
        if c.vida is not None and c.vida.suspendido_desde is not None:
            hasta = min(hasta, c.vida.suspendido_desde)  # nothing to report since it stopped
        meses = max(0, (hasta - f.inicio).days // 30)
        en_curso = c.estado in v.EN_CURSO
        limite = (6 if c.demo else 2) if self.detailed else 1
        primero = max(1, meses - limite + 1)
        for numero in range(primero, meses + 1):
            ultimo = numero == meses and en_curso
            self.periodo(
                exp,
                numero,
                f.inicio + timedelta(days=30 * numero),
                ultimo,
                numero == primero and meses > 1,
            )
        if meses == 0 and c.estado in v.FINALIZADOS:  # a short contract reports once, at its end
            self.periodo(exp, 1, hasta, False, False)
        if c.vida is not None:
            self.rows.review_pending()  # closing the case file demands the approved garantía
            self.gestion.write(exp)
        elif c.estado == "modificado":
            self.entidad_doc(
                exp,
                "modificacion",
                f.inicio + timedelta(days=20),
                contrato=True,
                descripcion="Modificación No. 1: adición y prórroga",
            )
        if c.vida is not None:
            return  # its liquidation and closure came with the rest of its management
        if c.liquidado_en is not None:
            self.entidad_doc(exp, "acta_liquidacion", c.liquidado_en, contrato=True)
        if c.cerrado_en is not None and self.detailed:
            self.entidad_doc(exp, "cierre_expediente", c.cerrado_en, contrato=True)

    def periodo(
        self, exp: Expediente, numero: int, cierre: datetime, pendiente: bool, rechazo: bool
    ):
        """A month of execution: report with annexes, invoice, and the supervisor's report."""
        mes = cierre - timedelta(days=15, hours=5)  # a day in the middle of the month, in Bogotá
        periodo = f"No. {numero} - periodo {v.MESES[mes.month - 1]} de {mes.year}"
        serie = f"C{exp.contrato.id}-informe-{numero}"
        estado = "pendiente" if pendiente else "aprobado"
        cuando = cierre + timedelta(days=self.rng.randint(1, 4))
        if rechazo:
            self.proveedor_doc(
                exp,
                "informe_ejecucion",
                cuando - timedelta(days=3),
                "rechazado",
                serie=serie,
                descripcion=f"Informe de ejecución {periodo}",
            )
            self.proveedor_doc(
                exp,
                "informe_ejecucion",
                cuando,
                estado,
                serie=serie,
                version=2,
                descripcion=f"Informe de ejecución {periodo} (corregido)",
            )
        else:
            self.proveedor_doc(
                exp,
                "informe_ejecucion",
                cuando,
                estado,
                serie=serie,
                descripcion=f"Informe de ejecución {periodo}",
            )
        if not self.detailed:
            return
        for tipo in ("evidencia", "seguridad_social"):
            self.proveedor_doc(
                exp,
                tipo,
                cuando,
                estado,
                serie=f"C{exp.contrato.id}-{tipo}-{numero}",
                descripcion=f"Anexo del informe de ejecución {periodo}",
            )
        if exp.contrato.vida is None:  # with a payment plan, the invoice goes with its request
            cobro = (
                "cuenta_cobro" if exp.contrato.proveedor.tipo_persona == "natural" else "factura"
            )
            self.proveedor_doc(
                exp,
                cobro,
                cuando,
                estado,
                serie=f"C{exp.contrato.id}-{cobro}-{numero}",
                descripcion=f"{TIPOS_DOCUMENTO_EXPEDIENTE[cobro][0]} {periodo}",
            )
        if not pendiente:
            supervisor = exp.contrato.supervisor
            self.doc(
                exp,
                "informe_supervision",
                cuando + timedelta(days=3),
                "publicado",
                supervisor,
                access.SUPERVISOR,
                contrato=True,
                serie=f"C{exp.contrato.id}-supervision-{numero}",
                descripcion=f"Informe de supervisión {periodo}",
            )

    # --- rows ----------------------------------------------------------------------------

    def entidad_doc(self, exp: Expediente, tipo: str, cuando: datetime, estado="publicado", **kw):
        self.rows.add(exp, tipo, cuando, estado, exp.entidad.comprador, access.COMPRADOR, **kw)

    def proveedor_doc(self, exp: Expediente, tipo: str, cuando: datetime, estado: str, **kw):
        contratista = exp.contrato.contratista
        self.rows.add(exp, tipo, cuando, estado, contratista, access.PROVIDER, contrato=True, **kw)

    def doc(self, *args, **kw) -> None:
        self.rows.add(*args, **kw)


def demanded(tipo: str, modalidad: str) -> bool:
    """Whether the minimum-documents checklist applies a document of ``tipo`` to the modality."""
    regla = next(r for r in checklist.REGLAS if tipo in r.tipos)
    return not any(excepcion in fold(modalidad) for excepcion in regla.no_aplica_en)
