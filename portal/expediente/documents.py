"""Which documents the public expediente shows, and how they group by stage and version."""

from dataclasses import dataclass, field

from sqlalchemy import bindparam, or_, select

from portal.extensions import db
from portal.models import Contrato, Documento, Proceso
from portal.models.documents import ESTADOS_PUBLICOS
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE

# The four sections of the public case file; contractual and execution documents read together.
SECCIONES = {
    "preparatoria": "Preparatoria",
    "precontractual": "Precontractual",
    "contractual": "Contractual y ejecución",
    "liquidacion": "Liquidación",
}
_SECCION_DE_ETAPA = {
    "preparatoria": "preparatoria",
    "precontractual": "precontractual",
    "contractual": "contractual",
    "ejecucion": "contractual",
    "liquidacion": "liquidacion",
}


@dataclass
class Entry:
    """One document of the case file: its newest public version and the earlier ones."""

    actual: Documento
    anteriores: list[Documento] = field(default_factory=list)

    @property
    def versiones(self) -> list[Documento]:
        return [self.actual, *self.anteriores]


@dataclass
class Section:
    clave: str
    titulo: str
    entradas: list[Entry]


def public_contracts(proceso: Proceso) -> list[Contrato]:
    """The contracts of the process that the public may see (drafts are not)."""
    return [c for c in proceso.contratos if c.estado != "borrador"]


# A document filed under the process :proceso_id or under one of the contracts :contrato_ids.
# Statements that use it are built once, as building one costs more than running it.
FILED_UNDER = or_(
    Documento.proceso_id == bindparam("proceso_id"),
    Documento.contrato_id.in_(bindparam("contrato_ids", expanding=True)),
)

# No eager load of Documento.contrato: a document's contract is one of the process's, which
# public_contracts() loaded, so the lazy load finds it in the session without a query.
_PUBLIC_DOCUMENTS = (
    select(Documento)
    .where(FILED_UNDER, Documento.estado.in_(ESTADOS_PUBLICOS))
    .order_by(Documento.cargado_en, Documento.id)
)


def filed_under_parameters(proceso: Proceso, contratos: list[Contrato]) -> dict[str, object]:
    """The parameters of ``FILED_UNDER`` for the process and these contracts of it."""
    return {"proceso_id": proceso.id, "contrato_ids": [c.id for c in contratos]}


def public_documents(proceso: Proceso) -> list[Documento]:
    """Every public document of the process and of its public contracts, oldest first."""
    parameters = filed_under_parameters(proceso, public_contracts(proceso))
    return list(db.session.scalars(_PUBLIC_DOCUMENTS, parameters))


def section_of(documento: Documento) -> str:
    """The section a document is listed under; a contract's papers are never pre-contractual."""
    seccion = _SECCION_DE_ETAPA.get(documento.etapa)
    if seccion is None:
        seccion = _SECCION_DE_ETAPA.get(TIPOS_DOCUMENTO_EXPEDIENTE.get(documento.tipo, ("", ""))[1])
    if documento.contrato_id is not None and seccion in (None, "preparatoria", "precontractual"):
        return "contractual"
    return seccion or "precontractual"


def tipo_label(tipo: str) -> str:
    return TIPOS_DOCUMENTO_EXPEDIENTE.get(tipo, (tipo or "Otro documento", ""))[0]


def group_versions(documentos: list[Documento]) -> list[Entry]:
    """Fold the versions of each serie into one entry headed by its newest version."""
    series: dict[str, list[Documento]] = {}
    for documento in documentos:
        key = f"serie:{documento.serie}" if documento.serie else f"id:{documento.id}"
        series.setdefault(key, []).append(documento)
    entradas = []
    for versions in series.values():
        versions.sort(key=lambda d: (d.version, d.cargado_en, d.id), reverse=True)
        entradas.append(Entry(versions[0], versions[1:]))
    entradas.sort(key=lambda e: (e.actual.cargado_en, e.actual.id))
    return entradas


def group_by_section(documentos: list[Documento]) -> list[Section]:
    """The four sections in order, each with its entries (possibly none)."""
    entradas = group_versions(documentos)
    return [
        Section(clave, titulo, [e for e in entradas if section_of(e.actual) == clave])
        for clave, titulo in SECCIONES.items()
    ]
