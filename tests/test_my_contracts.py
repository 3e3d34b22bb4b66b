"""Mis contratos: the contractor's and the supervisor's paths through the HTTP client."""

import hashlib

from support import documento_llamado, pdf_from_text, seccion_url, subir

from portal import storage
from portal.urls import safe_file_name


def test_the_list_shows_the_active_provider_accounts_contracts(
    my_contract, make_contrato, make_entidad
):
    ajeno = make_contrato(valor=5_000_000)
    entidad = make_entidad(
        nombre="HOSPITAL MILITAR CENTRAL", tipo_entidad="Establecimiento público"
    )
    otro = make_contrato(
        proveedor=my_contract.contrato.proveedor, entidad=entidad, valor=12_762_500
    )
    page = my_contract.c_contratista.get("/mis-contratos").get_data(as_text=True)
    for texto in (
        my_contract.contrato.id_contrato,
        otro.id_contrato,
        "HOSPITAL MILITAR CENTRAL",
        "Establecimiento público",
        "$ 12.762.500",
        "En ejecución",
        "10/04/2026",
        "Detalle",
    ):
        assert texto in page
    assert ajeno.id_contrato not in page
    assert 'href="/mis-contratos">Mis contratos</a>' in page  # the navigation offers it


def test_filters_search_and_fragment(my_contract, db, make_contrato, make_entidad):
    proveedor = my_contract.contrato.proveedor
    hospital = make_entidad(nombre="HOSPITAL MILITAR CENTRAL")
    terminado = make_contrato(proveedor=proveedor, entidad=hospital, estado="terminado")
    db.session.commit()
    client = my_contract.c_contratista
    by_state = client.get("/mis-contratos?estado=terminado").get_data(as_text=True)
    assert terminado.id_contrato in by_state and my_contract.contrato.id_contrato not in by_state
    by_entity = client.get("/mis-contratos?q=hospital").get_data(as_text=True)
    assert terminado.id_contrato in by_entity and my_contract.contrato.id_contrato not in by_entity
    by_number = client.get(f"/mis-contratos?q={my_contract.contrato.referencia}").get_data(
        as_text=True
    )
    assert my_contract.contrato.id_contrato in by_number and terminado.id_contrato not in by_number
    fragment = client.get("/mis-contratos?q=hospital", headers={"HX-Request": "true"})
    assert "HX-Request" in fragment.headers["Vary"]
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "<table>" in text and terminado.id_contrato in text
    assert (
        client.get("/mis-contratos?estado=nope&pagina=abc").status_code == 200
    )  # bad input ignored


def test_the_list_is_paginated(my_contract, db, make_contrato):
    for _ in range(21):
        make_contrato(proveedor=my_contract.contrato.proveedor)
    db.session.commit()
    first = my_contract.c_contratista.get("/mis-contratos").get_data(as_text=True)
    assert "22 contratos" in first and "Página 1 de 2" in first and "pagina=2" in first
    second = my_contract.c_contratista.get("/mis-contratos?pagina=2").get_data(as_text=True)
    assert second.count("Detalle<span") == 2


def test_sections_are_pages_and_htmx_fragments(my_contract):
    client, contrato = my_contract.c_contratista, my_contract.contrato
    page = client.get(seccion_url(contrato, "condiciones"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and text.lstrip().startswith("<!doctype html>")
    assert "2 Condiciones" in text and 'aria-current="page"' in text
    for numero, titulo in enumerate(
        ["Información general", "Bienes y servicios", "Ejecución del contrato", "Incumplimientos"]
    ):
        assert titulo in text, numero
    assert f'hx-get="{seccion_url(contrato)}"' in text and f'href="{seccion_url(contrato)}"' in text
    fragment = client.get(seccion_url(contrato), headers={"HX-Request": "true"})
    frag = fragment.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"] and "HX-Request" in page.headers["Vary"]
    assert "<html" not in frag and "7 Ejecución del contrato" in frag and "Plan de pagos" in frag
    assert 'hx-swap-oob="true"' in frag  # the section list follows, marking the new section
    restore = client.get(
        seccion_url(contrato), headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<!doctype html>" in restore.get_data(as_text=True)
    assert client.get(seccion_url(contrato, "nada")).status_code == 404
    assert (
        client.get(f"/mis-contratos/{contrato.id_contrato}")
        .headers["Location"]
        .endswith("/general")
    )
    for seccion in (
        "general",
        "bienes-y-servicios",
        "documentos-del-proveedor",
        "documentos-del-contrato",
        "presupuesto",
        "modificaciones",
        "incumplimientos",
    ):
        assert client.get(seccion_url(contrato, seccion)).status_code == 200, seccion


def test_contractor_uploads_without_javascript_and_keeps_the_receipt(app, db, my_contract, outbox):
    client, contrato = my_contract.c_contratista, my_contract.contrato
    page = client.get(seccion_url(contrato)).get_data(as_text=True)
    assert 'name="proposito" value="documento_contrato"' in page and 'name="tipo"' in page
    assert "Comprobante de pago de seguridad social" in page and "Cuenta de cobro" in page
    data = pdf_from_text("marzo")
    response = subir(
        client,
        contrato,
        "Informe marzo.pdf",
        data,
        tipo="seguridad_social",
        descripcion="Planilla PILA marzo",
    )
    assert response.status_code == 303
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Informe marzo.pdf" in receipt and hashlib.sha256(data).hexdigest() in receipt
    assert f"{len(data):,}".replace(",", ".") + " bytes" in receipt
    assert "hora del servidor, Bogotá" in receipt and contrato.id_contrato in receipt
    assert f'href="{seccion_url(contrato)}"' in receipt
    documento = documento_llamado(db, "Informe marzo.pdf")
    assert (documento.estado, documento.tipo, documento.cargado_por_id) == (
        "pendiente",
        "seguridad_social",
        my_contract.contratista.id,
    )
    aviso = outbox.last(my_contract.supervisor.email)
    assert "Documento por revisar" in aviso["Subject"] and seccion_url(contrato) in outbox.text(
        aviso
    )
    listing = client.get(seccion_url(contrato)).get_data(as_text=True)
    assert (
        "Planilla PILA marzo" in listing
        and "Pendiente de revisión" in listing
        and "Ana Contratista" in listing
    )


def test_removal_keeps_row_and_file_and_shows_in_the_history(app, db, my_contract):
    client, contrato = my_contract.c_contratista, my_contract.contrato
    subir(client, contrato, "Evidencias.pdf", tipo="evidencia")
    documento = documento_llamado(db, "Evidencias.pdf")
    url = f"/mis-contratos/{contrato.id_contrato}/documentos/{documento.id}/borrar"
    response = client.post(url)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        seccion_url(contrato)
    )
    db.session.refresh(documento)
    assert (
        documento.estado == "eliminado" and documento.eliminado_por_id == my_contract.contratista.id
    )
    assert documento.eliminado_en is not None and storage.path_of(documento.sha256).is_file()
    page = client.get(seccion_url(contrato)).get_data(as_text=True)
    rows = page[
        page.index("Documentos de ejecución del contrato") : page.index("Historial de la ejecución")
    ]
    assert "Evidencias.pdf" not in rows
    history = page[page.index("Historial de la ejecución") :]
    assert "Ana Contratista" in history and "Borró «Evidencias.pdf»" in history
    detail = client.get(
        f"/mis-contratos/{contrato.id_contrato}/documentos/{documento.id}"
    ).get_data(as_text=True)
    assert "Borrado por" in detail and "Eliminado" in detail
    assert client.post(url).status_code == 409  # already removed: nothing more to do


def test_htmx_removal_swaps_the_row(db, my_contract):
    client, contrato = my_contract.c_contratista, my_contract.contrato
    subir(client, contrato, "Cuenta de cobro.pdf", tipo="cuenta_cobro")
    documento = documento_llamado(db, "Cuenta de cobro.pdf")
    response = client.post(
        f"/mis-contratos/{contrato.id_contrato}/documentos/{documento.id}/borrar",
        headers={"HX-Request": "true"},
    )
    text = response.get_data(as_text=True)
    assert (
        response.status_code == 200 and text.startswith("<tr") and "Queda en el historial" in text
    )


def test_supervisor_reviews_publishes_and_the_public_sees_only_approved(
    app, db, my_contract, outbox, client
):
    contrato, sup = my_contract.contrato, my_contract.c_supervisor
    subir(my_contract.c_contratista, contrato, "Informe aprobado.pdf")
    subir(my_contract.c_contratista, contrato, "Informe rechazado.pdf")
    subir(my_contract.c_contratista, contrato, "Informe pendiente.pdf")
    aprobado, rechazado, pendiente = (
        documento_llamado(db, f"Informe {n}.pdf") for n in ("aprobado", "rechazado", "pendiente")
    )
    listing = sup.get("/supervision").get_data(as_text=True)
    assert contrato.id_contrato in listing and 'href="/supervision">Supervisión</a>' in listing
    page = sup.get(seccion_url(contrato)).get_data(as_text=True)
    assert "Revisar" in page and 'name="proposito" value="documento_entidad"' in page
    base = f"/mis-contratos/{contrato.id_contrato}/documentos"
    assert (
        sup.post(f"{base}/{aprobado.id}/revisar", data={"decision": "aprobar"}).status_code == 303
    )
    missing = sup.post(
        f"{base}/{rechazado.id}/revisar", data={"decision": "rechazar", "observacion": " "}
    )
    assert missing.status_code == 400 and "Escriba la observación" in missing.get_data(as_text=True)
    observacion = "Falta la firma del contratista en la página 3."
    sup.post(
        f"{base}/{rechazado.id}/revisar", data={"decision": "rechazar", "observacion": observacion}
    )
    db.session.refresh(aprobado), db.session.refresh(rechazado)
    assert (aprobado.estado, aprobado.revisado_por_id) == ("aprobado", my_contract.supervisor.id)
    assert (rechazado.estado, rechazado.observacion) == ("rechazado", observacion)
    aviso = outbox.last(my_contract.contratista.email)
    assert "rechazado" in aviso["Subject"] and observacion in outbox.text(aviso)
    assert observacion in my_contract.c_contratista.get(seccion_url(contrato)).get_data(
        as_text=True
    )
    again = sup.post(
        f"{base}/{aprobado.id}/revisar", data={"decision": "rechazar", "observacion": "x"}
    )
    assert again.status_code == 409
    assert my_contract.c_contratista.post(f"{base}/{aprobado.id}/borrar").status_code == 409
    response = subir(
        sup, contrato, "Acta de inicio.pdf", proposito="documento_entidad", tipo="acta_inicio"
    )
    assert response.status_code == 303
    acta = documento_llamado(db, "Acta de inicio.pdf")
    assert (acta.estado, acta.cargado_por_rol, acta.etapa) == (
        "publicado",
        "supervisor",
        "ejecucion",
    )
    expediente = client.get(f"/procesos/{contrato.proceso.id_del_proceso}").get_data(as_text=True)
    for visible in (aprobado, acta):
        assert f"/documentos/{visible.id}/{safe_file_name(visible.nombre_archivo)}" in expediente
    for hidden in (rechazado, pendiente):
        assert hidden.nombre_archivo not in expediente
        assert client.get(f"/documentos/{hidden.id}").status_code == 404


def test_contractor_cannot_publish_as_the_entity(db, my_contract):
    response = subir(
        my_contract.c_contratista,
        my_contract.contrato,
        "Acta falsa.pdf",
        proposito="documento_entidad",
        tipo="acta_inicio",
    )
    assert response.status_code == 403 and documento_llamado(db, "Acta falsa.pdf") is None


def test_authorised_download_of_a_pending_document(db, my_contract):
    data = pdf_from_text("descarga")
    subir(my_contract.c_contratista, my_contract.contrato, "Pendiente.pdf", data)
    documento = documento_llamado(db, "Pendiente.pdf")
    url = f"/mis-contratos/{my_contract.contrato.id_contrato}/documentos/{documento.id}/descargar"
    response = my_contract.c_supervisor.get(url)
    assert response.status_code == 200 and response.data == data
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment")
    response.close()


def test_no_provider_account_gets_a_clear_answer(my_contract):
    response = my_contract.c_supervisor.get("/mis-contratos")
    assert response.status_code == 403 and "cuenta de proveedor" in response.get_data(as_text=True)


def test_notices_wait_for_the_commit(app, db, my_contract, outbox):
    from portal.contracts import alerts

    with app.test_request_context():
        alerts.notify(my_contract.supervisor, "Aviso descartado", "No pasó.", my_contract.contrato)
        db.session.rollback()
        alerts.notify(my_contract.supervisor, "Aviso enviado", "Sí pasó.", my_contract.contrato)
        assert len(outbox) == 0  # queued, not sent yet
        db.session.commit()
    assert [m["Subject"] for m in outbox.messages] == ["Aviso enviado"]
