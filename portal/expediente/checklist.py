"""The minimum documents of each stage (Decreto 1082 de 2015) and whether they are published.

An item is only demanded once the process got that far: no contract is expected from a process
still open, and no acta de liquidación before a contract is liquidated. Some items do not apply
to every modality (a contratación directa has no aviso de convocatoria) and adendas exist only
"si las hubo".
"""

from dataclasses import dataclass, field

from portal.expediente.documents import SECCIONES
from portal.models import Contrato, Documento, Proceso
from portal.models.vocab import fold

PUBLICADO, FALTA, AUN_NO, NO_APLICA, OPCIONAL = (
    "publicado", "falta", "aun_no", "no_aplica", "opcional",
)  # fmt: skip

# How each state reads next to an item (words, not only colour, say what it means).
ESTADOS_ITEM = {
    PUBLICADO: "✓ Publicado",
    FALTA: "✗ Falta",
    AUN_NO: "Aún no",
    NO_APLICA: "No aplica",
    OPCIONAL: "Opcional",
}

_SIN_CONVOCATORIA = ("directa", "regimen especial")
_SIN_GARANTIA_OBLIGATORIA = ("directa", "minima cuantia", "regimen especial")
_CONTRATO_EN_EJECUCION = {
    "en_ejecucion", "modificado", "cedido", "suspendido", "terminado", "liquidado", "cerrado",
}  # fmt: skip
_PROCESO_TERMINADO_SIN_CONTRATO = {"desierto", "cancelado"}

# milestone -> when it is reached, in words for the "not yet" note
HITOS = {
    "publicado": "el proceso se publique",
    "evaluacion": "el proceso llegue a la evaluación de ofertas",
    "seleccion": "el proceso se adjudique o se declare desierto",
    "contrato": "se celebre el contrato",
    "ejecucion": "el contrato inicie su ejecución",
    "liquidacion": "el contrato se liquide (los de prestación de servicios no se liquidan)",
    "cierre": "se cierre el expediente del contrato",
}


@dataclass(frozen=True)
class Rule:
    seccion: str
    etiqueta: str
    tipos: tuple[str, ...]
    hito: str = "publicado"
    si_las_hubo: bool = False
    no_aplica_en: tuple[str, ...] = ()
    opcional_en: tuple[str, ...] = ()


REGLAS = (
    Rule("preparatoria", "Estudios y documentos previos", ("estudios_previos",)),
    Rule("precontractual", "Aviso de convocatoria", ("aviso_convocatoria",), no_aplica_en=(*_SIN_CONVOCATORIA, "minima cuantia")),
    Rule("precontractual", "Pliego de condiciones o invitación", ("proyecto_pliego", "pliego_definitivo"), no_aplica_en=_SIN_CONVOCATORIA),
    Rule("precontractual", "Adendas (si las hubo)", ("adenda",), si_las_hubo=True),
    Rule("precontractual", "Ofertas", ("oferta",), hito="evaluacion"),
    Rule("precontractual", "Informe de evaluación", ("informe_evaluacion",), hito="seleccion", no_aplica_en=_SIN_CONVOCATORIA),
    Rule("contractual", "Contrato", ("contrato",), hito="contrato"),
    Rule("contractual", "Garantías", ("garantia",), hito="contrato", opcional_en=_SIN_GARANTIA_OBLIGATORIA),
    Rule("contractual", "Acta de inicio", ("acta_inicio",), hito="ejecucion"),
    Rule("contractual", "Informes de ejecución o de supervisión", ("informe_ejecucion", "informe_supervision"), hito="ejecucion"),
    Rule("contractual", "Facturas o cuentas de cobro", ("factura", "cuenta_cobro"), hito="ejecucion"),
    Rule("liquidacion", "Acta de liquidación", ("acta_liquidacion",), hito="liquidacion"),
    Rule("liquidacion", "Cierre del expediente", ("cierre_expediente",), hito="cierre"),
)  # fmt: skip


@dataclass
class Item:
    etiqueta: str
    estado: str
    nota: str = ""
    documentos: list[Documento] = field(default_factory=list)


@dataclass
class ChecklistGroup:
    clave: str
    titulo: str
    items: list[Item]


def milestones_reached(proceso: Proceso, contratos: list[Contrato]) -> set[str]:
    """The milestones of the process's life that it (or one of its contracts) has reached."""
    estado = proceso.estado
    reached = {"publicado"}
    if contratos or estado in ("evaluacion", "adjudicado", "celebrado", "desierto"):
        reached.add("evaluacion")
    if contratos or estado in ("adjudicado", "celebrado", "desierto"):
        reached.add("seleccion")
    if contratos or estado == "celebrado":
        reached.add("contrato")
    estados_contrato = {c.estado for c in contratos}
    if estados_contrato & _CONTRATO_EN_EJECUCION:
        reached.add("ejecucion")
    if "liquidado" in estados_contrato:
        reached.add("liquidacion")
    if "cerrado" in estados_contrato:
        reached.add("cierre")
    return reached


def evaluate(
    proceso: Proceso, contratos: list[Contrato], documentos: list[Documento]
) -> list[ChecklistGroup]:
    """Mark every minimum document as published, missing, not yet due or not applicable."""
    reached = milestones_reached(proceso, contratos)
    modalidad = fold(proceso.modalidad)
    grupos = {clave: ChecklistGroup(clave, titulo, []) for clave, titulo in SECCIONES.items()}
    for regla in REGLAS:
        publicados = [d for d in documentos if d.tipo in regla.tipos]
        item = _judge(regla, publicados, reached, modalidad, proceso)
        grupos[regla.seccion].items.append(item)
    return list(grupos.values())


def _judge(regla: Rule, publicados: list, reached: set, modalidad: str, proceso: Proceso) -> Item:
    if publicados:
        return Item(regla.etiqueta, PUBLICADO, _count(publicados), publicados)
    if any(m in modalidad for m in regla.no_aplica_en):
        return Item(regla.etiqueta, NO_APLICA, f"No aplica en la modalidad {proceso.modalidad}.")
    if regla.hito not in reached:
        if proceso.estado in _PROCESO_TERMINADO_SIN_CONTRATO:
            return Item(
                regla.etiqueta,
                NO_APLICA,
                f"No aplica: el proceso quedó {proceso.estado_label.lower()}.",
            )
        return Item(
            regla.etiqueta, AUN_NO, f"Aún no se exige: se publica cuando {HITOS[regla.hito]}."
        )
    if regla.si_las_hubo:
        return Item(regla.etiqueta, OPCIONAL, "No se han publicado; solo se exigen si las hubo.")
    if any(m in modalidad for m in regla.opcional_en):
        return Item(
            regla.etiqueta,
            OPCIONAL,
            "No publicadas; en esta modalidad solo se exigen si el contrato las pide.",
        )
    return Item(regla.etiqueta, FALTA, "No se ha publicado.")


def _count(documentos: list[Documento]) -> str:
    return "1 documento" if len(documentos) == 1 else f"{len(documentos)} documentos"


def summary(grupos: list[ChecklistGroup]) -> dict[str, int]:
    """How many items are published and how many are missing, for the checklist heading."""
    estados = [item.estado for grupo in grupos for item in grupo.items]
    return {PUBLICADO: estados.count(PUBLICADO), FALTA: estados.count(FALTA)}
