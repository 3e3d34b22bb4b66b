"""Column names of the two SECOP II datasets and how to tell which one a file holds.

datos.gov.co exports either the API field names (``id_del_proceso``) or the display names
("ID del Proceso"). The tables below come from the Socrata column metadata of p6dx-8zbt and
jbjy-vk9h (display name -> API field name); headers are compared folded (no case, no accents)
so "Fecha de Ultima Publicacion" and "Fecha de Última Publicación" are the same column.
"""

from portal.models.vocab import fold

PROCESOS_DISPLAY = {
    "Entidad": "entidad",
    "Nit Entidad": "nit_entidad",
    "Departamento Entidad": "departamento_entidad",
    "Ciudad Entidad": "ciudad_entidad",
    "OrdenEntidad": "ordenentidad",
    "Entidad Centralizada": "codigo_pci",
    "ID del Proceso": "id_del_proceso",
    "Referencia del Proceso": "referencia_del_proceso",
    "PCI": "ppi",
    "ID del Portafolio": "id_del_portafolio",
    "Nombre del Procedimiento": "nombre_del_procedimiento",
    "Descripción del Procedimiento": "descripci_n_del_procedimiento",
    "Fase": "fase",
    "Fecha de Publicacion del Proceso": "fecha_de_publicacion_del",
    "Fecha de Ultima Publicación": "fecha_de_ultima_publicaci",
    "Fecha de Publicacion (Fase Planeacion Precalificacion)": "fecha_de_publicacion_fase",
    "Fecha de Publicacion (Fase Seleccion Precalificacion)": "fecha_de_publicacion_fase_1",
    "Fecha de Publicacion (Manifestacion de Interes)": "fecha_de_publicacion",
    "Fecha de Publicacion (Fase Borrador)": "fecha_de_publicacion_fase_2",
    "Fecha de Publicacion (Fase Seleccion)": "fecha_de_publicacion_fase_3",
    "Precio Base": "precio_base",
    "Modalidad de Contratacion": "modalidad_de_contratacion",
    "Justificación Modalidad de Contratación": "justificaci_n_modalidad_de",
    "Duracion": "duracion",
    "Unidad de Duracion": "unidad_de_duracion",
    "Fecha de Recepcion de Respuestas": "fecha_de_recepcion_de",
    "Fecha de Apertura de Respuesta": "fecha_de_apertura_de_respuesta",
    "Fecha de Apertura Efectiva": "fecha_de_apertura_efectiva",
    "Ciudad de la Unidad de Contratación": "ciudad_de_la_unidad_de",
    "Nombre de la Unidad de Contratación": "nombre_de_la_unidad_de",
    "Proveedores Invitados": "proveedores_invitados",
    "Proveedores con Invitacion Directa": "proveedores_con_invitacion",
    "Visualizaciones del Procedimiento": "visualizaciones_del",
    "Proveedores que Manifestaron Interes": "proveedores_que_manifestaron",
    "Respuestas al Procedimiento": "respuestas_al_procedimiento",
    "Respuestas Externas": "respuestas_externas",
    "Conteo de Respuestas a Ofertas": "conteo_de_respuestas_a_ofertas",
    "Proveedores Unicos con Respuestas": "proveedores_unicos_con",
    "Numero de Lotes": "numero_de_lotes",
    "Estado del Procedimiento": "estado_del_procedimiento",
    "ID Estado del Procedimiento": "id_estado_del_procedimiento",
    "Adjudicado": "adjudicado",
    "ID Adjudicacion": "id_adjudicacion",
    "CodigoProveedor": "codigoproveedor",
    "Departamento Proveedor": "departamento_proveedor",
    "Ciudad Proveedor": "ciudad_proveedor",
    "Fecha Adjudicacion": "fecha_adjudicacion",
    "Valor Total Adjudicacion": "valor_total_adjudicacion",
    "Nombre del Adjudicador": "nombre_del_adjudicador",
    "Nombre del Proveedor Adjudicado": "nombre_del_proveedor",
    "NIT del Proveedor Adjudicado": "nit_del_proveedor_adjudicado",
    "Codigo Principal de Categoria": "codigo_principal_de_categoria",
    "Estado de Apertura del Proceso": "estado_de_apertura_del_proceso",
    "Tipo de Contrato": "tipo_de_contrato",
    "Subtipo de Contrato": "subtipo_de_contrato",
    "Categorias Adicionales": "categorias_adicionales",
    "URLProceso": "urlproceso",
    "Codigo Entidad": "codigo_entidad",
    "Estado Resumen": "estado_resumen",
}
CONTRATOS_DISPLAY = {
    "Nombre Entidad": "nombre_entidad",
    "Nit Entidad": "nit_entidad",
    "Departamento": "departamento",
    "Ciudad": "ciudad",
    "Localización": "localizaci_n",
    "Orden": "orden",
    "Sector": "sector",
    "Rama": "rama",
    "Entidad Centralizada": "entidad_centralizada",
    "Proceso de Compra": "proceso_de_compra",
    "ID Contrato": "id_contrato",
    "Referencia del Contrato": "referencia_del_contrato",
    "Estado Contrato": "estado_contrato",
    "Codigo de Categoria Principal": "codigo_de_categoria_principal",
    "Descripcion del Proceso": "descripcion_del_proceso",
    "Tipo de Contrato": "tipo_de_contrato",
    "Modalidad de Contratacion": "modalidad_de_contratacion",
    "Justificacion Modalidad de Contratacion": "justificacion_modalidad_de",
    "Fecha de Firma": "fecha_de_firma",
    "Fecha de Inicio del Contrato": "fecha_de_inicio_del_contrato",
    "Fecha de Fin del Contrato": "fecha_de_fin_del_contrato",
    "Condiciones de Entrega": "condiciones_de_entrega",
    "TipoDocProveedor": "tipodocproveedor",
    "Documento Proveedor": "documento_proveedor",
    "Proveedor Adjudicado": "proveedor_adjudicado",
    "Es Grupo": "es_grupo",
    "Es Pyme": "es_pyme",
    "Habilita Pago Adelantado": "habilita_pago_adelantado",
    "Liquidación": "liquidaci_n",
    "Obligación Ambiental": "obligaci_n_ambiental",
    "Obligaciones Postconsumo": "obligaciones_postconsumo",
    "Reversion": "reversion",
    "Origen de los Recursos": "origen_de_los_recursos",
    "Destino Gasto": "destino_gasto",
    "Valor del Contrato": "valor_del_contrato",
    "Valor de pago adelantado": "valor_de_pago_adelantado",
    "Valor Facturado": "valor_facturado",
    "Valor Pendiente de Pago": "valor_pendiente_de_pago",
    "Valor Pagado": "valor_pagado",
    "Valor Amortizado": "valor_amortizado",
    "Valor Pendiente de Amortizacion": "valor_pendiente_de",
    "Valor Pendiente de Ejecucion": "valor_pendiente_de_ejecucion",
    "Saldo CDP": "saldo_cdp",
    "Saldo Vigencia": "saldo_vigencia",
    "EsPostConflicto": "espostconflicto",
    "Dias adicionados": "dias_adicionados",
    "Puntos del Acuerdo": "puntos_del_acuerdo",
    "Pilares del Acuerdo": "pilares_del_acuerdo",
    "URLProceso": "urlproceso",
    "Nombre Representante Legal": "nombre_representante_legal",
    "Nacionalidad Representante Legal": "nacionalidad_representante_legal",
    "Domicilio Representante Legal": "domicilio_representante_legal",
    "Tipo de Identificación Representante Legal": "tipo_de_identificaci_n_representante_legal",
    "Identificación Representante Legal": "identificaci_n_representante_legal",
    "Género Representante Legal": "g_nero_representante_legal",
    "Presupuesto General de la Nacion – PGN": "presupuesto_general_de_la_nacion_pgn",
    "Sistema General de Participaciones": "sistema_general_de_participaciones",
    "Sistema General de Regalías": "sistema_general_de_regal_as",
    "Recursos Propios (Alcaldías, Gobernaciones y Resguardos Indígenas)": "recursos_propios_alcald_as_gobernaciones_y_resguardos_ind_genas_",
    "Recursos de Credito": "recursos_de_credito",
    "Recursos Propios": "recursos_propios",
    "Ultima Actualizacion": "ultima_actualizacion",
    "Codigo Entidad": "codigo_entidad",
    "Codigo Proveedor": "codigo_proveedor",
    "Fecha Inicio Liquidacion": "fecha_inicio_liquidacion",
    "Fecha Fin Liquidacion": "fecha_fin_liquidacion",
    "Objeto del Contrato": "objeto_del_contrato",
    "Duración del contrato": "duraci_n_del_contrato",
    "Nombre del banco": "nombre_del_banco",
    "Tipo de cuenta": "tipo_de_cuenta",
    "Número de cuenta": "n_mero_de_cuenta",
    "El contrato puede ser prorrogado": "el_contrato_puede_ser_prorrogado",
    "Fecha de notificación de prorrogación": "fecha_de_notificaci_n_de_prorrogaci_n",
    "Nombre ordenador del gasto": "nombre_ordenador_del_gasto",
    "Tipo de documento Ordenador del gasto": "tipo_de_documento_ordenador_del_gasto",
    "Número de documento Ordenador del gasto": "n_mero_de_documento_ordenador_del_gasto",
    "Nombre supervisor": "nombre_supervisor",
    "Tipo de documento supervisor": "tipo_de_documento_supervisor",
    "Número de documento supervisor": "n_mero_de_documento_supervisor",
    "Nombre Ordenador de Pago": "nombre_ordenador_de_pago",
    "Tipo de documento Ordenador de Pago": "tipo_de_documento_ordenador_de_pago",
    "Número de documento Ordenador de Pago": "n_mero_de_documento_ordenador_de_pago",
    "Documentos Tipo": "documentos_tipo",
    "Descripcion Documentos Tipo": "descripcion_documentos_tipo",
}

# Columns some published extracts carry instead of the official one (derived by their authors).
PROCESOS_ALIASES = {
    "fecha de publicacion inicial": "fecha_de_publicacion_del",
}
CONTRATOS_ALIASES: dict[str, str] = {}

PROCESOS = "procesos"
CONTRATOS = "contratos"

_TABLES = {
    PROCESOS: (PROCESOS_DISPLAY, PROCESOS_ALIASES),
    CONTRATOS: (CONTRATOS_DISPLAY, CONTRATOS_ALIASES),
}


def _lookup(dataset: str) -> dict[str, str]:
    display, aliases = _TABLES[dataset]
    lookup = {fold(name): api for name, api in display.items()}
    lookup |= {fold(api): api for api in display.values()}
    return lookup | aliases


_LOOKUPS = {dataset: _lookup(dataset) for dataset in _TABLES}


def detect_dataset(header: list[str]) -> str | None:
    """Tell from a header whether a file holds processes, contracts or neither."""
    folded = {fold(name) for name in header}
    if folded & {"id_del_proceso", "id del proceso"}:
        return PROCESOS
    if folded & {"id_contrato", "id contrato"}:
        return CONTRATOS
    return None


def api_names(dataset: str, header: list[str]) -> list[str]:
    """Translate a header to API field names; unknown columns keep their folded name.

    An alias only applies when the file lacks the official column it stands for.
    """
    lookup = _LOOKUPS[dataset]
    _, aliases = _TABLES[dataset]
    folded = [fold(name) for name in header]
    present = {lookup[name] for name in folded if name in lookup and name not in aliases}
    names = []
    for name in folded:
        api = lookup.get(name, name)
        if name in aliases and api in present:
            api = name  # the official column is there: ignore the derived one
        names.append(api)
    return names
