"""The public expediente: documents by stage, versions, visibility, checklist and history."""

from datetime import UTC, datetime, timedelta

import pytest
from support import queries_of

from portal.audit import record
from portal.expediente import checklist
from portal.expediente.documents import group_by_section, public_documents
from portal.urls import safe_file_name


def page_of(client, proceso):
    response = client.get(f"/procesos/{proceso.id_del_proceso}")
    assert response.status_code == 200
    return response.text


def section_html(page: str, titulo: str) -> str:
    """The HTML of one stage of the documents list (up to the next stage heading)."""
    documentos = page[page.index('id="documentos"') : page.index('id="lista-chequeo"')]
    start = documentos.index(f"<h3>{titulo}</h3>")
    end = documentos.find("<h3>", start + 1)
    return documentos[start : end if end != -1 else None]


def test_documents_are_grouped_by_stage_with_their_metadata(
    client, db, make_proceso, make_contrato, make_documento
):
    proceso = make_proceso(estado="celebrado")
    contrato = make_contrato(proceso=proceso)
    previos = make_documento(
        proceso=proceso,
        etapa="preparatoria",
        tipo="estudios_previos",
        nombre_archivo="Estudios previos.pdf",
    )
    pliego = make_documento(
        proceso=proceso,
        etapa="precontractual",
        tipo="pliego_definitivo",
        nombre_archivo="Pliego definitivo.pdf",
    )
    firmado = make_documento(
        contrato=contrato,
        etapa="contractual",
        tipo="contrato",
        nombre_archivo="Contrato firmado.pdf",
    )
    factura = make_documento(
        contrato=contrato, etapa="ejecucion", tipo="factura", nombre_archivo="Factura 001.pdf"
    )
    acta = make_documento(
        contrato=contrato,
        etapa="liquidacion",
        tipo="acta_liquidacion",
        nombre_archivo="Acta de liquidación.pdf",
    )
    db.session.commit()

    page = page_of(client, proceso)
    assert "Estudios previos.pdf" in section_html(page, "Preparatoria")
    assert "Pliego definitivo.pdf" in section_html(page, "Precontractual")
    contractual = section_html(page, "Contractual y ejecución")
    assert "Contrato firmado.pdf" in contractual and "Factura 001.pdf" in contractual
    assert contrato.referencia in contractual
    assert "Acta de liquidación.pdf" in section_html(page, "Liquidación")
    assert previos.sha256 in page and pliego.sha256 in page
    assert "02/03/2026 10:30 a. m." in page  # 15:30 UTC in Bogotá
    assert "Estudios y documentos previos" in page  # type label, not the key
    for documento in (previos, firmado, factura, acta):
        assert f"/documentos/{documento.id}/{safe_file_name(documento.nombre_archivo)}" in page
    assert f"/procesos/{proceso.id_del_proceso}/expediente.zip" in page


def test_contract_papers_filed_as_precontractual_stay_in_the_contract_stage(
    db, make_contrato, make_documento
):
    contrato = make_contrato()
    make_documento(contrato=contrato, etapa="precontractual", tipo="garantia")
    secciones = {s.clave: s for s in group_by_section(public_documents(contrato.proceso))}
    assert len(secciones["contractual"].entradas) == 1
    assert not secciones["precontractual"].entradas


@pytest.mark.parametrize("estado", ["pendiente", "rechazado", "eliminado"])
def test_non_public_documents_never_appear(
    client, db, make_proceso, make_contrato, make_documento, estado
):
    proceso = make_proceso()
    contrato = make_contrato(proceso=proceso)
    oculto = make_documento(proceso=proceso, estado=estado, nombre_archivo="oculto-proceso.pdf")
    oculto_contrato = make_documento(
        contrato=contrato, estado=estado, etapa="ejecucion", nombre_archivo="oculto-contrato.pdf"
    )
    make_documento(proceso=proceso, estado="aprobado", nombre_archivo="aprobado.pdf")
    db.session.commit()
    page = page_of(client, proceso)
    assert "aprobado.pdf" in page
    for documento in (oculto, oculto_contrato):
        assert documento.nombre_archivo not in page
        assert documento.sha256 not in page


def test_documents_of_a_draft_contract_are_not_public(
    client, db, make_proceso, make_contrato, make_documento
):
    proceso = make_proceso()
    borrador = make_contrato(proceso=proceso, estado="borrador")
    documento = make_documento(contrato=borrador, etapa="contractual", tipo="contrato")
    db.session.commit()
    page = page_of(client, proceso)
    assert documento.nombre_archivo not in page
    assert borrador.referencia not in page


def test_latest_version_leads_and_earlier_ones_stay_listed(
    client, db, make_proceso, make_documento
):
    proceso = make_proceso()
    day = datetime(2026, 3, 5, 14, 0, tzinfo=UTC)
    v1 = make_documento(
        b"adenda uno",
        proceso=proceso,
        tipo="adenda",
        serie="adenda-1",
        version=1,
        nombre_archivo="Adenda 1.pdf",
        cargado_en=day,
    )
    v2 = make_documento(
        b"adenda uno corregida",
        proceso=proceso,
        tipo="adenda",
        serie="adenda-1",
        version=2,
        nombre_archivo="Adenda 1 corregida.pdf",
        cargado_en=day + timedelta(days=1),
    )
    v3 = make_documento(
        b"adenda uno pendiente",
        proceso=proceso,
        tipo="adenda",
        serie="adenda-1",
        version=3,
        estado="pendiente",
        cargado_en=day + timedelta(days=2),
    )
    db.session.commit()

    (entrada,) = group_by_section(public_documents(proceso))[1].entradas
    assert entrada.actual == v2 and entrada.anteriores == [v1]
    page = page_of(client, proceso)
    assert (
        page.index("Adenda 1 corregida.pdf")
        < page.index("Versiones anteriores (1)")
        < page.index("Adenda 1.pdf")
    )
    assert f"/documentos/{v1.id}/adenda-1.pdf" in page
    assert v3.sha256 not in page


def items_of(grupos):
    return {item.etiqueta: item for grupo in grupos for item in grupo.items}


def test_checklist_marks_published_and_missing(client, db, make_proceso, make_documento):
    proceso = make_proceso(estado="evaluacion", modalidad="Licitación pública")
    make_documento(proceso=proceso, etapa="preparatoria", tipo="estudios_previos")
    make_documento(proceso=proceso, tipo="pliego_definitivo")
    make_documento(proceso=proceso, tipo="pliego_definitivo")
    db.session.commit()

    items = items_of(checklist.evaluate(proceso, [], public_documents(proceso)))
    assert items["Estudios y documentos previos"].estado == checklist.PUBLICADO
    assert items["Pliego de condiciones o invitación"].nota == "2 documentos"
    assert items["Aviso de convocatoria"].estado == checklist.FALTA
    assert items["Ofertas"].estado == checklist.FALTA  # the process is being evaluated
    assert items["Adendas (si las hubo)"].estado == checklist.OPCIONAL
    assert items["Informe de evaluación"].estado == checklist.AUN_NO
    assert items["Contrato"].estado == checklist.AUN_NO
    assert items["Acta de liquidación"].estado == checklist.AUN_NO

    page = page_of(client, proceso)
    chequeo = page[page.index('id="lista-chequeo"') :]
    assert "✗ Falta</span> <strong>Aviso de convocatoria" in chequeo
    assert "✓ Publicado</span> <strong>Estudios y documentos previos" in chequeo
    assert "3 publicados" not in chequeo and "2 publicados, 2 faltan" in chequeo


def test_no_contract_is_expected_from_a_process_still_published(db, make_proceso):
    proceso = make_proceso(estado="publicado")
    items = items_of(checklist.evaluate(proceso, [], []))
    assert items["Estudios y documentos previos"].estado == checklist.FALTA
    for etiqueta in (
        "Ofertas",
        "Contrato",
        "Acta de inicio",
        "Facturas o cuentas de cobro",
        "Cierre del expediente",
    ):
        assert items[etiqueta].estado == checklist.AUN_NO, etiqueta
    assert "se celebre el contrato" in items["Contrato"].nota


def test_execution_documents_are_expected_once_a_contract_runs(db, make_contrato, make_documento):
    contrato = make_contrato(estado="liquidado")
    proceso = contrato.proceso
    make_documento(contrato=contrato, etapa="ejecucion", tipo="informe_supervision")
    items = items_of(checklist.evaluate(proceso, [contrato], public_documents(proceso)))
    assert items["Informes de ejecución o de supervisión"].estado == checklist.PUBLICADO
    for etiqueta in (
        "Contrato",
        "Acta de inicio",
        "Facturas o cuentas de cobro",
        "Acta de liquidación",
    ):
        assert items[etiqueta].estado == checklist.FALTA, etiqueta
    assert items["Cierre del expediente"].estado == checklist.AUN_NO


@pytest.mark.parametrize(
    ("modalidad", "aviso", "garantias"),
    [
        ("Contratación directa", checklist.NO_APLICA, checklist.OPCIONAL),
        ("Mínima cuantía", checklist.NO_APLICA, checklist.OPCIONAL),
        ("Selección Abreviada de Menor Cuantía", checklist.FALTA, checklist.FALTA),
    ],
)
def test_modality_decides_what_applies(db, make_contrato, modalidad, aviso, garantias):
    contrato = make_contrato()
    contrato.proceso.modalidad = modalidad
    items = items_of(checklist.evaluate(contrato.proceso, [contrato], []))
    assert items["Aviso de convocatoria"].estado == aviso
    assert items["Garantías"].estado == garantias


def test_a_deserted_process_expects_no_contract(db, make_proceso):
    items = items_of(checklist.evaluate(make_proceso(estado="desierto"), [], []))
    assert items["Informe de evaluación"].estado == checklist.FALTA
    assert items["Contrato"].estado == checklist.NO_APLICA
    assert "desierto" in items["Contrato"].nota


def add_event(db, proceso, descripcion, when, publico=True, actor_rol="comprador"):
    evento = record(
        "proceso.actualizado", proceso, descripcion, publico=publico, actor_rol=actor_rol
    )
    evento.creado_en = when
    db.session.flush()
    return evento


def test_public_history_newest_first_in_bogota_time(client, db, make_proceso):
    proceso = make_proceso()
    base = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)
    add_event(db, proceso, "Se publicó el proceso", base)
    add_event(db, proceso, "Se publicó la adenda 1", base + timedelta(days=1, hours=6))
    add_event(db, proceso, "Nota interna del comprador", base, publico=False)
    db.session.commit()
    page = page_of(client, proceso)
    historial = page[page.index('id="historial"') :]
    assert historial.index("Se publicó la adenda 1") < historial.index("Se publicó el proceso")
    assert "03/03/2026 02:00 p. m." in historial  # 19:00 UTC
    assert "Sistema</strong> (Comprador)" in historial
    assert "Nota interna" not in page


def test_long_history_is_capped_with_a_link_to_all_of_it(client, db, make_proceso):
    proceso = make_proceso()
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(60):
        add_event(db, proceso, f"Evento número {n:02d}", base + timedelta(hours=n))
    db.session.commit()
    page = page_of(client, proceso)
    assert "Evento número 59" in page and "Evento número 49" not in page
    assert "Ver todo el historial (60 eventos)" in page

    first = client.get(f"/procesos/{proceso.id_del_proceso}/historial").text
    assert (
        "Evento número 59" in first
        and "Evento número 10" in first
        and "Evento número 09" not in first
    )
    second = client.get(f"/procesos/{proceso.id_del_proceso}/historial?pagina=2").text
    assert "Evento número 09" in second and "Evento número 00" in second
    assert "Siguiente" not in second


def test_the_page_validates_with_etag_and_changes_when_a_document_is_published(
    client, db, make_proceso, make_documento
):
    proceso = make_proceso()
    make_documento(proceso=proceso)
    db.session.commit()
    url = f"/procesos/{proceso.id_del_proceso}"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    gzip = {"If-None-Match": etag, "Accept-Encoding": "gzip"}
    assert client.get(url, headers=gzip).status_code == 304  # compression keeps weak tags
    assert client.get(url, headers={"Accept-Encoding": "gzip"}).headers["ETag"] == etag

    nuevo = make_documento(proceso=proceso, nombre_archivo="nuevo.pdf")
    db.session.commit()
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and nuevo.nombre_archivo in again.text
    assert again.headers["ETag"] != etag


LONG_AGO = datetime(2025, 1, 1, tzinfo=UTC)


def quiet_expediente(make_proceso, make_contrato, make_documento):
    """A process whose every part last changed long ago, with a contract and a document."""
    proceso = make_proceso(estado="celebrado", actualizado_en=LONG_AGO)
    contrato = make_contrato(proceso=proceso, actualizado_en=LONG_AGO)
    documento = make_documento(contrato=contrato, etapa="contractual", tipo="contrato")
    return proceso, contrato, documento


def remove_document(db, proceso, contrato, documento):
    documento.estado = "eliminado"
    documento.eliminado_en = datetime.now(UTC)


def unpublish_contract(db, proceso, contrato, documento):
    contrato.estado = "borrador"  # its own time moves, even though the page no longer lists it


def record_public_event(db, proceso, contrato, documento):
    add_event(db, proceso, "Se publicó una adenda", datetime.now(UTC))


@pytest.mark.parametrize(
    "change", [remove_document, unpublish_contract, record_public_event], ids=lambda f: f.__name__
)
def test_any_change_to_the_expediente_changes_both_validators(
    client, db, make_proceso, make_contrato, make_documento, change
):
    proceso, contrato, documento = quiet_expediente(make_proceso, make_contrato, make_documento)
    db.session.commit()
    url = f"/procesos/{proceso.id_del_proceso}"
    first = client.get(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304

    change(db, proceso, contrato, documento)
    db.session.commit()
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag
    # A client that only kept the date must not be told its copy is current either.
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 200


def test_an_expediente_costs_a_few_queries_however_many_parts_it_has(
    client, db, make_proceso, make_contrato, make_documento
):
    """A regression guard: the busiest public page must not load its parts one by one."""
    proceso = make_proceso(estado="celebrado", unspsc_principal="72141100")
    for _ in range(3):
        contrato = make_contrato(proceso=proceso)
        make_documento(contrato=contrato, etapa="contractual", tipo="contrato")
        make_documento(contrato=contrato, proceso=proceso, etapa="ejecucion", tipo="factura")
    for n in range(3):
        make_documento(proceso=proceso, nombre_archivo=f"adenda-{n}.pdf", tipo="adenda")
        add_event(db, proceso, f"Se publicó la adenda {n}", datetime.now(UTC))
    bare = make_proceso()
    db.session.commit()
    url, bare_url = f"/procesos/{proceso.id_del_proceso}", f"/procesos/{bare.id_del_proceso}"
    etag = client.get(url).headers["ETag"]

    # Six today: the process with its entity and contracts, their providers, the validators,
    # the documents, UNSPSC names and history; three for the bare one; three for a 304.
    assert queries_of(db, client, url) <= 8
    assert queries_of(db, client, bare_url) <= 5
    assert queries_of(db, client, url, {"If-None-Match": etag}) <= 4


def test_imported_process_without_documents_points_to_secop(client, db, make_proceso):
    proceso = make_proceso(
        origen="secop", url_secop="https://community.secop.gov.co/Public/Tendering/x"
    )
    db.session.commit()
    page = page_of(client, proceso)
    assert "consúltelos en la página original" in page
    assert "expediente.zip" not in page


@pytest.mark.parametrize("suffix", ["", "/historial", "/expediente.zip"])
def test_unknown_or_draft_processes_are_404(client, db, make_proceso, suffix):
    borrador = make_proceso(estado="borrador")
    db.session.commit()
    assert client.get(f"/procesos/CO1.REQ.0{suffix}").status_code == 404
    assert client.get(f"/procesos/{borrador.id_del_proceso}{suffix}").status_code == 404
