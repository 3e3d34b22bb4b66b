"""Document permalinks: public, byte-exact, resumable and cacheable; never for hidden documents."""

import hashlib

import pytest

from portal import storage
from portal.audit import record
from portal.urls import safe_file_name

PDF = b"%PDF-1.7\n" + bytes(range(256)) * 40  # 10,249 bytes


def get(client, url: str, headers: dict | None = None):
    """Fetch a download fully and close the file behind it, as a WSGI server does."""
    return client.get(url, headers=headers or {}, buffered=True)


def url_of(documento) -> str:
    return f"/documentos/{documento.id}/{safe_file_name(documento.nombre_archivo)}"


@pytest.fixture
def pdf(db, make_documento):
    documento = make_documento(
        PDF, nombre_archivo="Pliego de condiciones definitivo – versión final.pdf"
    )
    db.session.commit()
    return documento


def test_download_headers(client, pdf):
    response = get(client, url_of(pdf))
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF))
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["ETag"] == f'"{pdf.sha256}"'
    assert response.headers["Last-Modified"] == "Mon, 02 Mar 2026 15:30:00 GMT"
    assert response.headers["Accept-Ranges"] == "bytes"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert (
        "filename*=UTF-8''Pliego%20de%20condiciones%20definitivo%20%E2%80%93%20versi%C3%B3n%20final.pdf"
        in disposition
    )
    assert "Set-Cookie" not in response.headers  # no session needed


def test_permalink_is_readable(pdf):
    assert url_of(pdf) == f"/documentos/{pdf.id}/pliego-de-condiciones-definitivo-version-final.pdf"


def test_other_names_redirect_to_the_permalink(client, pdf):
    response = client.get(f"/documentos/{pdf.id}/otro-nombre.pdf")
    assert response.status_code == 308
    assert response.headers["Location"] == url_of(pdf)


@pytest.mark.parametrize(
    ("range_header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=5000-", 5000, len(PDF) - 1),
        ("bytes=-10", len(PDF) - 10, len(PDF) - 1),
    ],
)
def test_range_requests_resume_a_download(client, pdf, range_header, start, end):
    response = get(client, url_of(pdf), {"Range": range_header})
    assert response.status_code == 206
    assert response.data == PDF[start : end + 1]
    assert response.headers["Content-Range"] == f"bytes {start}-{end}/{len(PDF)}"


def test_unsatisfiable_range_is_416(client, pdf):
    response = get(client, url_of(pdf), {"Range": f"bytes={len(PDF) + 10}-"})
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{len(PDF)}"


def test_if_range_with_a_stale_etag_sends_the_whole_file(client, pdf):
    response = get(client, url_of(pdf), {"Range": "bytes=0-9", "If-Range": '"otro"'})
    assert response.status_code == 200 and response.data == PDF


def test_conditional_get_by_etag_and_date(client, pdf):
    assert get(client, url_of(pdf), {"If-None-Match": f'"{pdf.sha256}"'}).status_code == 304
    since = {"If-Modified-Since": "Tue, 03 Mar 2026 00:00:00 GMT"}
    assert get(client, url_of(pdf), since).status_code == 304
    assert get(client, url_of(pdf), {"If-None-Match": '"otro"'}).status_code == 200


def test_text_documents_are_served_byte_exact_even_when_gzip_is_accepted(
    client, db, make_documento
):
    xml = b"<?xml version='1.0'?><Invoice>" + b"<linea>cemento</linea>" * 500 + b"</Invoice>"
    factura = make_documento(
        xml, nombre_archivo="factura.xml", content_type="application/xml", tipo="factura"
    )
    db.session.commit()
    headers = {"Accept-Encoding": "gzip, br", "Range": "bytes=10-29"}
    response = get(client, url_of(factura), headers)
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert response.data == xml[10:30]
    full = get(client, url_of(factura), {"Accept-Encoding": "gzip"})
    assert hashlib.sha256(full.data).hexdigest() == factura.sha256


@pytest.mark.parametrize("estado", ["pendiente", "rechazado", "eliminado"])
def test_non_public_documents_are_404_everywhere(client, db, make_documento, estado):
    documento = make_documento(estado=estado)
    db.session.commit()
    assert get(client, url_of(documento)).status_code == 404
    assert client.get(f"/documentos/{documento.id}").status_code == 404
    assert client.get(f"/documentos/{documento.id}/cualquier-nombre.pdf").status_code == 404


def test_documents_of_draft_processes_are_404(client, db, make_proceso, make_documento):
    documento = make_documento(proceso=make_proceso(estado="borrador"))
    db.session.commit()
    assert get(client, url_of(documento)).status_code == 404


@pytest.mark.parametrize(
    "url", ["/documentos/999999/x.pdf", "/documentos/999999", "/documentos/abc/x.pdf"]
)
def test_unknown_documents_are_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "no existe o fue retirado" in response.text


def test_a_lost_file_answers_with_a_clear_message(client, pdf):
    storage.path_of(pdf.sha256).unlink()
    response = get(client, url_of(pdf))
    assert response.status_code == 503
    assert "no está disponible" in response.text


def test_detail_page_shows_metadata_versions_and_history(client, db, make_proceso, make_documento):
    proceso = make_proceso()
    v1 = make_documento(b"v1", proceso=proceso, tipo="adenda", serie="ad", version=1)
    v2 = make_documento(
        b"v2",
        proceso=proceso,
        tipo="adenda",
        serie="ad",
        version=2,
        descripcion="Cambia el cronograma",
    )
    make_documento(b"v3", proceso=proceso, tipo="adenda", serie="ad", version=3, estado="rechazado")
    record("documento.publicado", v2, "Se publicó la adenda", publico=True)
    record("documento.revisado", v2, "Nota privada", publico=False)
    db.session.commit()
    page = client.get(f"/documentos/{v2.id}").text
    assert v2.sha256 in page and "Cambia el cronograma" in page and "Adenda" in page
    assert url_of(v2) in page
    assert f"/documentos/{v1.id}" in page and "Versión 2 (esta)" in page
    assert "Versión 3" not in page
    assert "Se publicó la adenda" in page and "Nota privada" not in page
    assert f"http://localhost{url_of(v2)}" in page


def test_a_contract_document_without_process_still_has_its_pages(
    client, db, make_contrato, make_documento
):
    contrato = make_contrato()
    contrato.proceso = None
    documento = make_documento(
        b"informe", contrato=contrato, etapa="ejecucion", tipo="informe_ejecucion"
    )
    db.session.commit()
    page = client.get(f"/documentos/{documento.id}").text
    assert contrato.id_contrato in page and "Informe de ejecución" in page
    assert get(client, url_of(documento)).data == b"informe"
    found = client.get("/verificar", query_string={"sha256": documento.sha256}).text
    assert "El archivo coincide" in found and contrato.id_contrato in found
