"""The public expediente of a process: master data, documents by stage, checklist, history, zip."""

import re
from datetime import datetime

from flask import Response, render_template

from portal import clock, http
from portal.blueprints.processes import bp
from portal.expediente import checklist
from portal.expediente.archive import expediente_zip
from portal.expediente.documents import (
    group_by_section,
    public_contracts,
    public_documents,
)
from portal.pages import page_number
from portal.processes import public
from portal.urls import document_permalink

HISTORIAL_EN_FICHA = 10
HISTORIAL_POR_PAGINA = 50


@bp.get("/procesos/<id_del_proceso>")
def detail(id_del_proceso: str):
    proceso = public.get_public_process(id_del_proceso)
    contratos = public_contracts(proceso)
    freshness = public.expediente_freshness(proceso, contratos)
    etag = public.expediente_etag(proceso, freshness)
    response = _validated_response(etag, freshness.changed)
    if response.status_code == 304:
        return response
    # Most processes publish their documents in SECOP II, not here: skip the query for none.
    documentos = public_documents(proceso) if freshness.public_documents else []
    response.set_data(_render_expediente(proceso, contratos, documentos, freshness.public_events))
    return response


def _validated_response(etag: str, changed: datetime) -> Response:
    """An empty page response with its validators; a 304 when the client's copy is current."""
    # portal.http adds the viewer and the release, so a login or a deploy is never a 304.
    return http.validated_response(changed, [etag])


def _render_expediente(proceso, contratos, documentos, total_eventos: int) -> str:
    secciones = group_by_section(documentos)
    vigentes = [entrada.actual for seccion in secciones for entrada in seccion.entradas]
    chequeo = checklist.evaluate(proceso, contratos, vigentes)
    return render_template(
        "processes/detalle.html",
        proceso=proceso,
        contratos=contratos,
        unspsc_nombres=public.unspsc_names(proceso),
        secciones=secciones,
        total_documentos=len(documentos),
        chequeo=chequeo,
        chequeo_resumen=checklist.summary(chequeo),
        estados_item=checklist.ESTADOS_ITEM,
        eventos=public.public_history(proceso, HISTORIAL_EN_FICHA),
        total_eventos=total_eventos,
    )


@bp.get("/procesos/<id_del_proceso>/historial")
def history(id_del_proceso: str):
    proceso = public.get_public_process(id_del_proceso)
    pagina = page_number()
    total = public.count_public_history(proceso)
    eventos = public.public_history(
        proceso, HISTORIAL_POR_PAGINA, (pagina - 1) * HISTORIAL_POR_PAGINA
    )
    return render_template(
        "processes/historial.html",
        proceso=proceso,
        eventos=eventos,
        total=total,
        pagina=pagina,
        por_pagina=HISTORIAL_POR_PAGINA,
    )


@bp.get("/procesos/<id_del_proceso>/expediente.zip")
def download_expediente(id_del_proceso: str):
    proceso = public.get_public_process(id_del_proceso)
    secciones = group_by_section(public_documents(proceso))
    chunks = expediente_zip(
        secciones, lambda d: document_permalink(d, external=True), generated=clock.now()
    )
    response = Response(chunks, mimetype="application/zip")
    nombre = "expediente-{}.zip".format(re.sub(r"[^A-Za-z0-9._-]+", "-", proceso.id_del_proceso))
    response.headers["Content-Disposition"] = f'attachment; filename="{nombre}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.no_cache = True
    return response
