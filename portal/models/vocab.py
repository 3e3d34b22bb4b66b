"""Value lists of SECOP II and how the published values normalise.

SECOP II publishes states with inconsistent case and accents ("terminado", "Cerrado",
"Seleccionado" for an award...). The portal keeps the published text for display and a
normalised key for filters and rules.
"""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case, strip accents and collapse spaces: the key used to compare labels."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().split())


# Normalised process states, in the order of a process's life.
ESTADOS_PROCESO = {
    "borrador": "Borrador",
    "publicado": "Publicado",
    "abierto": "Abierto",
    "evaluacion": "Evaluación",
    "adjudicado": "Adjudicado",
    "celebrado": "Celebrado",
    "desierto": "Desierto",
    "suspendido": "Suspendido",
    "cancelado": "Cancelado",
    "otro": "Otro",
}

_ESTADO_PROCESO_ALIASES = {
    "borrador": "borrador",
    "publicado": "publicado",
    "abierto": "abierto",
    "evaluacion": "evaluacion",
    "en evaluacion": "evaluacion",
    "seleccionado": "adjudicado",
    "adjudicado": "adjudicado",
    "celebrado": "celebrado",
    "desierto": "desierto",
    "declarado desierto": "desierto",
    "suspendido": "suspendido",
    "cancelado": "cancelado",
    "terminado anormalmente despues de convocado": "cancelado",
}

ESTADOS_CONTRATO = {
    "borrador": "Borrador",
    "aprobado": "Aprobado",
    "activo": "Activo",
    "en_ejecucion": "En ejecución",
    "modificado": "Modificado",
    "cedido": "Cedido",
    "suspendido": "Suspendido",
    "terminado": "Terminado",
    "liquidado": "Liquidado",
    "cerrado": "Cerrado",
    "cancelado": "Cancelado",
    "otro": "Otro",
}

_ESTADO_CONTRATO_ALIASES = {
    "borrador": "borrador",
    "aprobado": "aprobado",
    "activo": "activo",
    "firmado": "activo",
    "en ejecucion": "en_ejecucion",
    "modificado": "modificado",
    "cedido": "cedido",
    "suspendido": "suspendido",
    "terminado": "terminado",
    "liquidado": "liquidado",
    "cerrado": "cerrado",
    "cancelado": "cancelado",
}

# Stages of the electronic case file (Decreto 1082 de 2015).
ETAPAS = {
    "preparatoria": "Preparatoria",
    "precontractual": "Precontractual",
    "contractual": "Contractual",
    "ejecucion": "Ejecución",
    "liquidacion": "Liquidación / Postcontractual",
}

ESTADOS_DOCUMENTO = {
    "publicado": "Publicado",
    # Attached to a draft (a modification not yet published): private until it is.
    "borrador": "Borrador (sin publicar)",
    "pendiente": "Pendiente de revisión",
    "aprobado": "Aprobado",
    "rechazado": "Rechazado",
    "eliminado": "Eliminado",
}

TIPOS_PERSONA = {
    "natural": "Persona natural",
    "juridica": "Persona jurídica",
    "plural": "Proponente plural",
}

TIPOS_DOCUMENTO = {
    "CC": "Cédula de ciudadanía",
    "CE": "Cédula de extranjería",
    "NIT": "NIT",
    "PA": "Pasaporte",
    "PEP": "Permiso especial de permanencia",
    "PPT": "Permiso por protección temporal",
    "OTRO": "Otro",
}

ROLES = {
    "administrador": "Administrador",
    "comprador": "Comprador",
    "proveedor": "Proveedor",
    "supervisor": "Supervisor",
}

# The side a document or action on a contract is recorded under (``access.recorded_role``).
ROLES_EN_CONTRATO = {"proveedor": "Contratista", "supervisor": "Supervisor"}

ESTADOS_MEMBRESIA = {
    "pendiente": "Pendiente",
    "aceptado": "Aceptado",
    "rechazado": "Rechazado",
    "cancelado": "Cancelado",
    # The account's Administrador withdrew an accepted membership.
    "desactivado": "Desactivado",
}


def normalize_estado_proceso(published: str | None) -> str:
    """Map a published process state to its normalised key ("Seleccionado" is an award)."""
    return _ESTADO_PROCESO_ALIASES.get(fold(published), "otro")


def normalize_estado_contrato(published: str | None) -> str:
    """Map a published contract state ("terminado", "En ejecución"...) to its key."""
    return _ESTADO_CONTRATO_ALIASES.get(fold(published), "otro")


# Document types of the case file: key -> (label, stage where it is usually published).
TIPOS_DOCUMENTO_EXPEDIENTE = {
    "estudios_previos": ("Estudios y documentos previos", "preparatoria"),
    "analisis_sector": ("Análisis del sector", "preparatoria"),
    "aviso_convocatoria": ("Aviso de convocatoria", "precontractual"),
    "proyecto_pliego": ("Proyecto de pliego de condiciones", "precontractual"),
    "pliego_definitivo": ("Pliego de condiciones definitivo o invitación", "precontractual"),
    "adenda": ("Adenda", "precontractual"),
    "oferta": ("Oferta", "precontractual"),
    "informe_evaluacion": ("Informe de evaluación", "precontractual"),
    "acto_adjudicacion": ("Acto de adjudicación", "precontractual"),
    "contrato": ("Contrato", "contractual"),
    "garantia": ("Garantía", "contractual"),
    "acta_inicio": ("Acta de inicio", "ejecucion"),
    "informe_ejecucion": ("Informe de ejecución", "ejecucion"),
    "seguridad_social": ("Comprobante de pago de seguridad social", "ejecucion"),
    "evidencia": ("Evidencias de ejecución", "ejecucion"),
    "cuenta_cobro": ("Cuenta de cobro", "ejecucion"),
    "factura": ("Factura", "ejecucion"),
    "informe_supervision": ("Informe de supervisión", "ejecucion"),
    "comunicacion": ("Comunicación", "ejecucion"),
    "modificacion": ("Modificación del contrato", "ejecucion"),
    "incumplimiento": ("Acto de incumplimiento, multa o sanción", "ejecucion"),
    "acta_liquidacion": ("Acta de liquidación", "liquidacion"),
    "cierre_expediente": ("Cierre del expediente", "liquidacion"),
    "otro": ("Otro documento", ""),
}


def clean_nit(value: str | None) -> str:
    """NIT digits without dots nor check digit: "890.480.184-4" -> "890480184"."""
    head = (value or "").split("-")[0]
    return "".join(ch for ch in head if ch.isdecimal())
