""" "Verificar archivo": by hash (JS on) or by upload (JS off); the file is never stored."""

import hashlib
import io
import re

import pytest

from portal import storage

CONTENIDO = b"%PDF-1.4 contrato firmado"


@pytest.fixture
def publicado(db, make_documento):
    documento = make_documento(
        CONTENIDO, nombre_archivo="Contrato firmado.pdf", tipo="contrato", etapa="contractual"
    )
    db.session.commit()
    return documento


def test_form_works_without_javascript(client):
    page = client.get("/verificar").text
    assert 'enctype="multipart/form-data"' in page and 'method="post"' in page
    assert 'name="csrf_token"' in page
    assert "<script>" not in page  # no inline scripts: the hashing lives in a static file
    assert "/static/js/verificar.js" in page
    assert client.get("/static/js/verificar.js", buffered=True).status_code == 200


@pytest.mark.parametrize(
    "pasted",
    [
        "{h}",
        "{H}",
        "  {h}  ",
        "{h}  Contrato firmado.pdf",  # sha256sum output
        "SHA256 hash of Contrato.pdf:\n{spaced}\nCertUtil: -hashfile command completed successfully.",
    ],
)
def test_a_published_hash_is_found_whatever_the_format(client, publicado, pasted):
    h = publicado.sha256
    spaced = " ".join(h[i : i + 2] for i in range(0, 64, 2))
    response = client.get(
        "/verificar", query_string={"sha256": pasted.format(h=h, H=h.upper(), spaced=spaced)}
    )
    assert response.status_code == 200
    assert "El archivo coincide" in response.text
    assert "Contrato firmado.pdf" in response.text
    assert publicado.proceso.id_del_proceso in response.text


def test_an_unknown_hash_says_no_document_matches(client, publicado):
    response = client.get("/verificar", query_string={"sha256": "0" * 64})
    assert response.status_code == 200
    assert "Ningún documento publicado coincide" in response.text


def test_a_hidden_document_never_matches(client, db, make_documento):
    oculto = make_documento(b"secreto", estado="pendiente")
    db.session.commit()
    response = client.get("/verificar", query_string={"sha256": oculto.sha256})
    assert "Ningún documento publicado coincide" in response.text
    assert oculto.nombre_archivo not in response.text


@pytest.mark.parametrize(
    "bad", ["", "abc", "z" * 64, "1" * 63, "<script>alert(1)</script>", "ñ" * 64]
)
def test_malformed_hashes_get_a_spanish_message(client, bad):
    response = client.get("/verificar", query_string={"sha256": bad})
    assert response.status_code == 400
    assert "La huella no es válida" in response.text
    assert "<script>alert" not in response.text


def upload(client, data: bytes, **extra):
    form = {"archivo": (io.BytesIO(data), "mi copia.pdf"), **extra}
    return client.post("/verificar", data=form, content_type="multipart/form-data")


def test_upload_matches_and_stores_nothing(app, client, publicado):
    before = sorted(p for p in storage.root().rglob("*"))
    response = upload(client, CONTENIDO)
    assert response.status_code == 200
    assert "El archivo coincide" in response.text and "mi copia.pdf" in response.text
    assert publicado.sha256 in response.text
    assert sorted(p for p in storage.root().rglob("*")) == before


def test_upload_of_a_different_file(client, publicado):
    response = upload(client, CONTENIDO + b" alterado")
    assert "Ningún documento publicado coincide" in response.text
    assert hashlib.sha256(CONTENIDO + b" alterado").hexdigest() in response.text


def test_upload_without_file(client):
    response = client.post("/verificar", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Elija el archivo" in response.text


def test_upload_over_the_limit_is_refused_in_spanish(app, client):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    response = upload(client, b"x" * 2048)
    assert response.status_code == 413
    assert "supera el tamaño máximo de 1,0 KB" in response.text
    huge = upload(client, b"x" * (80 * 1024))  # refused from Content-Length, before reading
    assert huge.status_code == 413


def test_upload_needs_the_form_token(app, client, publicado):
    app.config["WTF_CSRF_ENABLED"] = True
    refused = upload(client, CONTENIDO)
    assert refused.status_code == 400
    assert "El formulario venció" in refused.text
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/verificar").text).group(1)
    accepted = upload(client, CONTENIDO, csrf_token=token)
    assert accepted.status_code == 200 and "El archivo coincide" in accepted.text
