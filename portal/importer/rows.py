"""Map one published row (API field names) to the values of a Proceso or a Contrato.

A row becomes a ``Parsed``: the model's column values, the entity and provider it names, and a
fingerprint of all of it so that an unchanged row can be skipped on re-import. A row that
cannot be imported raises ``BadValue`` with the reason in Spanish.
"""

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from portal.importer import values as v
from portal.models.vocab import fold, normalize_estado_contrato, normalize_estado_proceso


@dataclass
class Parsed:
    """A row ready to upsert: its id, column values, entity, provider and fingerprint."""

    key: str
    values: dict[str, Any]
    entidad: dict[str, Any]
    proveedor: dict[str, Any] | None = None
    huella: str = field(default="")

    def __post_init__(self) -> None:
        payload = [self.values, self.entidad, self.proveedor]
        dumped = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        self.huella = hashlib.sha1(dumped.encode()).hexdigest()


def _first(record: dict[str, Any], *names: str) -> Any:
    """The first non-empty cell among several column names (extracts differ)."""
    for name in names:
        if not v.is_empty(record.get(name)):
            return record[name]
    return None


def _required(record: dict[str, Any], name: str) -> str:
    value = v.optional_text(record.get(name))
    if not value:
        raise v.BadValue(f"falta {name} (campo obligatorio vacío)")
    return value


def _entidad(
    record: dict[str, Any], nombre_col: str, depto_col: str, ciudad_col: str, orden_col: str
):
    nit = v.parse_document(record.get("nit_entidad"))
    codigo = v.parse_code(record.get("codigo_entidad"))
    if not nit and not codigo:
        raise v.BadValue("falta nit_entidad y codigo_entidad: no se sabe de qué entidad es")
    return {
        "codigo_secop": codigo,
        "nit": nit,
        "nombre": v.optional_text(record.get(nombre_col)),
        "orden": v.optional_text(record.get(orden_col)),
        "rama": v.optional_text(record.get("rama")),
        "sector": v.optional_text(record.get("sector")),
        "departamento": v.optional_text(record.get(depto_col)),
        "ciudad": v.optional_text(record.get(ciudad_col)),
    }


def _proveedor(documento: Any, codigo: Any, nombre: Any, tipo_doc: Any = None, pyme: Any = None):
    numero = v.parse_document(documento)
    codigo_secop = v.parse_code(codigo)
    if not numero and not codigo_secop:
        return None
    tipo_documento, tipo_persona = _tipo_documento(tipo_doc)
    return {
        "codigo_secop": codigo_secop,
        "numero_documento": numero,
        "tipo_documento": tipo_documento,
        "tipo_persona": tipo_persona,
        "nombre": v.optional_text(nombre) or f"Proveedor {numero or codigo_secop}",
        "es_pyme": v.parse_bool(pyme),
    }


def _tipo_documento(published: Any) -> tuple[str, str]:
    folded = fold(v.text(published))
    if "ciudadania" in folded:
        return "CC", "natural"
    if "extranjeria" in folded:
        return "CE", "natural"
    if folded in {"", "nit", "no definido"}:
        return "NIT", "juridica"
    return "OTRO", "juridica"


def proceso_from(record: dict[str, Any]) -> Parsed:
    """Map a row of p6dx-8zbt to Proceso values."""
    key = _required(record, "id_del_proceso")
    estado_publicado = v.optional_text(_first(record, "estado_del_procedimiento", "estado_resumen"))
    estado = normalize_estado_proceso(estado_publicado)
    adjudicado = v.parse_bool(record.get("adjudicado"))
    values = {
        "id_del_proceso": key,
        "id_del_portafolio": v.optional_text(record.get("id_del_portafolio")) or None,
        "referencia": v.optional_text(record.get("referencia_del_proceso")),
        "nombre": v.optional_text(record.get("nombre_del_procedimiento")),
        "descripcion": v.optional_text(record.get("descripci_n_del_procedimiento")),
        "modalidad": v.optional_text(record.get("modalidad_de_contratacion")),
        "tipo_contrato": v.optional_text(record.get("tipo_de_contrato")),
        "subtipo_contrato": v.optional_text(record.get("subtipo_de_contrato")),
        "fase": v.optional_text(record.get("fase")),
        "estado_publicado": estado_publicado,
        "estado": estado,
        "precio_base": v.parse_money(record.get("precio_base")),
        "fecha_publicacion": v.parse_datetime(
            _first(
                record,
                "fecha_de_publicacion_del",
                "fecha_de_publicacion_fase_3",
                "fecha_de_publicacion",
                "fecha_de_publicacion_fase_2",
            )
        ),
        "fecha_ultima_publicacion": v.parse_datetime(record.get("fecha_de_ultima_publicaci")),
        "fecha_recepcion_ofertas": v.parse_datetime(record.get("fecha_de_recepcion_de")),
        "fecha_apertura_ofertas": v.parse_datetime(
            _first(record, "fecha_de_apertura_efectiva", "fecha_de_apertura_de_respuesta")
        ),
        "fecha_adjudicacion": v.parse_datetime(record.get("fecha_adjudicacion")),
        "duracion": v.parse_int(record.get("duracion")),
        "unidad_duracion": v.optional_text(record.get("unidad_de_duracion")),
        "departamento": v.optional_text(record.get("departamento_entidad")),
        "ciudad": v.optional_text(record.get("ciudad_entidad")),
        "unspsc_principal": v.parse_unspsc(record.get("codigo_principal_de_categoria")),
        "unspsc_adicionales": v.parse_unspsc_list(record.get("categorias_adicionales")),
        "adjudicado": bool(adjudicado) or estado == "adjudicado",
        "adjudicatario_nombre": v.optional_text(record.get("nombre_del_proveedor")),
        "adjudicatario_nit": v.parse_document(record.get("nit_del_proveedor_adjudicado")),
        "url_secop": v.parse_url(record.get("urlproceso")),
    }
    valor = v.parse_money(record.get("valor_total_adjudicacion"))
    values["valor_adjudicacion"] = valor if values["adjudicado"] or valor else None
    entidad = _entidad(record, "entidad", "departamento_entidad", "ciudad_entidad", "ordenentidad")
    proveedor = _proveedor(
        record.get("nit_del_proveedor_adjudicado"),
        record.get("codigoproveedor"),
        record.get("nombre_del_proveedor"),
    )
    return Parsed(key, values, entidad, proveedor)


def contrato_from(record: dict[str, Any]) -> Parsed:
    """Map a row of jbjy-vk9h to Contrato values."""
    key = _required(record, "id_contrato")
    estado_publicado = v.optional_text(record.get("estado_contrato"))
    values = {
        "id_contrato": key,
        "referencia": v.optional_text(record.get("referencia_del_contrato")),
        "proceso_de_compra": v.optional_text(record.get("proceso_de_compra")) or None,
        "objeto": v.optional_text(_first(record, "objeto_del_contrato", "descripcion_del_proceso")),
        "tipo_contrato": v.optional_text(record.get("tipo_de_contrato")),
        "modalidad": v.optional_text(record.get("modalidad_de_contratacion")),
        "estado_publicado": estado_publicado,
        "estado": normalize_estado_contrato(estado_publicado),
        "valor": v.parse_money(record.get("valor_del_contrato")),
        "valor_pagado": v.parse_money(record.get("valor_pagado")),
        "fecha_firma": v.parse_datetime(record.get("fecha_de_firma")),
        "fecha_inicio": v.parse_datetime(record.get("fecha_de_inicio_del_contrato")),
        "fecha_fin": v.parse_datetime(record.get("fecha_de_fin_del_contrato")),
        "origen_recursos": v.optional_text(record.get("origen_de_los_recursos")),
        "destino_gasto": v.optional_text(record.get("destino_gasto")),
        "unspsc_principal": v.parse_unspsc(record.get("codigo_de_categoria_principal")),
        "departamento": v.optional_text(record.get("departamento")),
        "ciudad": v.optional_text(record.get("ciudad")),
        "url_secop": v.parse_url(record.get("urlproceso")),
        "fecha_ultima_actualizacion": v.parse_datetime(record.get("ultima_actualizacion")),
    }
    entidad = _entidad(record, "nombre_entidad", "departamento", "ciudad", "orden")
    proveedor = _proveedor(
        record.get("documento_proveedor"),
        record.get("codigo_proveedor"),
        record.get("proveedor_adjudicado"),
        record.get("tipodocproveedor"),
        record.get("es_pyme"),
    )
    return Parsed(key, values, entidad, proveedor)
