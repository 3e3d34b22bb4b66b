"""The life of a process created in the portal: which state changes are allowed, and why not.

Borrador -> Publicado -> Evaluación -> Adjudicado -> Celebrado is the main line. A published
process may be suspended (and resumed where it was), declared desierto or cancelled, always with
a reason that is shown to the public. Imported SECOP II processes are never moved here: SECOP II
stays their source of truth.
"""

from dataclasses import dataclass

from portal.errors import Refused
from portal.expediente.checklist import REGLAS, Rule
from portal.models import Proceso
from portal.models.vocab import ESTADOS_PROCESO, fold


@dataclass(frozen=True)
class Transition:
    clave: str
    boton: str
    desde: frozenset[str]
    hacia: str | None  # None: back to the state before the suspension
    pide_motivo: bool = False
    # Reached through its own form (award, contract), not the generic state form.
    por_formulario: bool = False


TRANSICIONES = {
    t.clave: t
    for t in (
        Transition("publicar", "Publicar", frozenset({"borrador"}), "publicado"),
        Transition("evaluar", "Pasar a evaluación", frozenset({"publicado"}), "evaluacion"),
        Transition("adjudicar", "Adjudicar", frozenset({"evaluacion"}), "adjudicado", False, True),
        Transition("celebrar", "Crear el contrato", frozenset({"adjudicado"}), "celebrado", False, True),
        Transition("suspender", "Suspender", frozenset({"publicado", "evaluacion", "adjudicado"}), "suspendido", True),
        Transition("reanudar", "Reanudar", frozenset({"suspendido"}), None, True),
        Transition("declarar_desierto", "Declarar desierto", frozenset({"publicado", "evaluacion"}), "desierto", True),
        Transition("cancelar", "Cancelar", frozenset({"publicado", "evaluacion", "adjudicado", "suspendido"}), "cancelado", True),
    )
}  # fmt: skip

# States in which the process's data may still be edited (a public edit leaves a public trace).
EDITABLES = frozenset({"borrador", "publicado", "evaluacion", "suspendido"})
# Documents may be attached while the case file is alive; an adenda only while offers are open.
ADMITE_DOCUMENTOS = frozenset(
    {"borrador", "publicado", "evaluacion", "adjudicado", "suspendido", "celebrado"}
)
ESTADOS_ADENDA = frozenset({"publicado"})
# The minimum documents of a stage are the expediente checklist's (Decreto 1082 de 2015), but
# the offers come from the providers, so the buyer is never blocked on them.
_NO_EXIGIBLES_AL_COMPRADOR = {("oferta",)}

_RAZON_ESTADO = {
    "borrador": "todavía es un borrador: publíquelo primero",
    "publicado": "está publicado",
    "evaluacion": "está en evaluación",
    "adjudicado": "ya está adjudicado",
    "celebrado": "ya tiene contrato celebrado",
    "desierto": "fue declarado desierto",
    "suspendido": "está suspendido: reanúdelo primero",
    "cancelado": "fue cancelado",
}


def label(estado: str) -> str:
    return ESTADOS_PROCESO.get(estado, estado)


def available(proceso: Proceso) -> list[Transition]:
    """The state changes the process admits now (buttons to show)."""
    if proceso.origen != "portal":
        return []
    return [t for t in TRANSICIONES.values() if proceso.estado in t.desde]


def check(proceso: Proceso, clave: str) -> Transition:
    """Return the transition, or raise Refused with the reason in Spanish."""
    transicion = TRANSICIONES.get(clave)
    if transicion is None:
        raise Refused("Esa acción no existe para un proceso.")
    if proceso.origen != "portal":
        raise Refused("Este proceso se importó de SECOP II: su estado se gestiona en SECOP II.")
    if proceso.estado not in transicion.desde:
        razon = _RAZON_ESTADO.get(proceso.estado, f"está en estado {label(proceso.estado)}")
        raise Refused(f"No se puede «{transicion.boton.lower()}» este proceso porque {razon}.")
    return transicion


def is_editable(proceso: Proceso) -> bool:
    return proceso.origen == "portal" and proceso.estado in EDITABLES


def check_document(proceso: Proceso, tipo: str) -> None:
    """Raise Refused when a document of ``tipo`` cannot be attached now."""
    if proceso.origen != "portal":
        raise Refused("Los documentos de un proceso importado se publican en SECOP II.")
    if proceso.estado not in ADMITE_DOCUMENTOS:
        raise Refused(
            f"El proceso está {label(proceso.estado).lower()}: ya no admite documentos nuevos."
        )
    if tipo == "adenda" and proceso.estado not in ESTADOS_ADENDA:
        raise Refused(
            "Las adendas solo se expiden con el proceso publicado y antes del cierre de ofertas."
        )


def missing_documents(proceso: Proceso, hito: str, tipos_cargados: set[str]) -> list[str]:
    """Labels of the minimum documents of ``hito`` ("publicado", "seleccion") still missing."""
    modalidad = fold(proceso.modalidad)
    return [
        regla.etiqueta
        for regla in REGLAS
        if _required_now(regla, hito, modalidad) and not set(regla.tipos) & tipos_cargados
    ]


def _required_now(regla: Rule, hito: str, modalidad: str) -> bool:
    return (
        regla.hito == hito
        and not regla.si_las_hubo
        and regla.tipos not in _NO_EXIGIBLES_AL_COMPRADOR
        and not any(m in modalidad for m in regla.no_aplica_en)
    )
