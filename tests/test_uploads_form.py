"""Uploads without JavaScript: the plain multipart form, its page, CSRF and size limits."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select
from support import UPLOAD_LIMIT, TusClient, documentos, pdf, sha, sign_in, store_files
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from portal.models import SesionCarga


@pytest.fixture
def test_config(test_config, request):
    """Small limits; a test may add settings with indirect parametrization."""
    return test_config | {"MAX_UPLOAD_BYTES": UPLOAD_LIMIT} | getattr(request, "param", {})


@pytest.fixture
def form(client, contratista, contrato):
    """Post the plain form as a browser without JavaScript would."""
    sign_in(client, contratista)
    tus_client = TusClient(client, contrato.id)

    def post(name: str, data: bytes, **fields):
        values = {
            "proposito": "documento_contrato",
            "contrato_id": str(contrato.id),
            "tipo": "cuenta_cobro",
        }
        values |= fields | {"archivo": (io.BytesIO(data), name)}
        return tus_client.open(
            "/subidas/formulario", "POST", data=values, content_type="multipart/form-data"
        )

    post.client = tus_client
    return post


def test_plain_form_upload_creates_the_document_and_shows_the_receipt(app, db, form, contrato):
    data = pdf(120_000)
    response = form("Cuenta de cobro marzo.pdf", data, descripcion="Cuenta de cobro de marzo")
    assert response.status_code == 303
    [documento] = documentos(db)
    assert (documento.contrato_id, documento.estado, documento.tipo) == (
        contrato.id,
        "pendiente",
        "cuenta_cobro",
    )
    assert (documento.sha256, documento.descripcion) == (sha(data), "Cuenta de cobro de marzo")
    assert [p.read_bytes() for p in store_files(app)] == [data]
    receipt = form.client.open(response.headers["Location"]).get_data(as_text=True)
    assert "Cuenta de cobro marzo.pdf" in receipt and sha(data) in receipt


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [("virus.exe", pdf(1000), 415, "No se aceptan archivos con extensión .exe"),
     ("informe.pdf", b"MZ\x90\x00" + b"\x00" * 1000, 415, "programa ejecutable"),
     ("informe.pdf", b"", 400, "El archivo está vacío"),
     ("informe.pdf", pdf(UPLOAD_LIMIT + 1), 413, "máximo permitido")],
    ids=["extension", "ejecutable", "vacio", "demasiado-grande"],
)  # fmt: skip
def test_refused_files_show_the_form_again_and_store_nothing(
    app, db, form, name, data, status, message
):
    response = form(name, data)
    text = response.get_data(as_text=True)
    assert response.status_code == status
    assert message in text
    assert 'type="file"' in text  # the person can try again right there
    assert store_files(app) == [] and documentos(db) == []
    assert db.session.scalar(select(func.count(SesionCarga.id))) == 0


def test_missing_file_is_explained(form):
    response = form.client.open(
        "/subidas/formulario",
        "POST",
        data={"proposito": "documento_contrato"},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Elija un archivo" in response.get_data(as_text=True)


def test_a_body_over_the_request_limit_gets_the_spanish_413_page(app, form, contrato):
    fields = {"proposito": "documento_contrato", "contrato_id": str(contrato.id)}
    big = pdf(app.config["MAX_CONTENT_LENGTH"] + 10)
    boundary, body = encode_multipart(
        fields | {"archivo": FileStorage(io.BytesIO(big), "enorme.pdf")}
    )
    # Our own in-memory body: the test client's spooled one would stay open, never read.
    response = form.client.open(
        "/subidas/formulario", "POST", input_stream=io.BytesIO(body), content_length=len(body),
        content_type=f"multipart/form-data; boundary={boundary}",
    )  # fmt: skip
    assert response.status_code == 413
    assert "Archivo demasiado grande" in response.get_data(as_text=True)


def test_upload_page_degrades_gracefully(form, contrato):
    page = form.client.open(
        f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato.id}"
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'action="/subidas/formulario"' in html
    assert f'name="contrato_id" value="{contrato.id}"' in html
    assert 'data-tus="/subidas/tus"' in html and "js/subidas.js" in html
    assert not re.search(
        r"<script(?![^>]*\bsrc=)", html
    )  # no inline script: CSP default-src 'self'


def test_upload_page_needs_permission(client, db, make_user, contrato):
    sign_in(client, make_user())
    page = TusClient(client, None).open(
        f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato.id}"
    )
    assert page.status_code == 403


def test_anonymous_form_is_sent_to_login(app, client, contrato):
    if "auth.login" not in app.view_functions:
        pytest.skip("la vista de ingreso (cuenta.ingresar) aún no existe")
    response = client.get(f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato.id}")
    assert response.status_code == 302 and "ingresar" in response.headers["Location"]


@pytest.mark.parametrize("test_config", [{"WTF_CSRF_ENABLED": True}], indirect=True)
def test_form_requires_csrf_but_tus_does_not(db, form, contrato):
    without_token = form("informe.pdf", pdf(1000))
    assert without_token.status_code == 400
    page = form.client.open(
        f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato.id}"
    )
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    assert form("informe.pdf", pdf(1000), csrf_token=token).status_code == 303
    assert form.client.create(data=pdf(1000, b"t")).status_code == 201  # tus carries no token
    assert len(documentos(db)) == 1


def test_the_browser_sha256_matches_python(tmp_path):
    """The uploader hashes files itself (WebCrypto has no streaming API and needs HTTPS)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node no está instalado")
    script = tmp_path / "sha.js"
    script.write_text(NODE_SHA_CHECK)
    source = Path(__file__).resolve().parents[1] / "portal" / "static" / "js" / "subidas.js"
    result = subprocess.run(
        [node, str(script), str(source)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().endswith("ok"), result.stdout + result.stderr


NODE_SHA_CHECK = """
const fs = require("fs"), crypto = require("crypto"), vm = require("vm");
const ctx = {window: {}, document: {readyState: "complete", querySelectorAll: () => [], addEventListener() {}}};
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
const Sha256 = ctx.window.portalSubidas.Sha256;
let bad = 0;
for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 1048576 * 3 + 17]) {
  const data = crypto.randomBytes(n), sha = new Sha256();
  for (let i = 0, step = 1; i < n; i += step, step = 1 + ((step * 7919) % 150000)) {
    sha.update(new Uint8Array(data.subarray(i, i + step)));
  }
  if (sha.hex() !== crypto.createHash("sha256").update(data).digest("hex")) { bad++; console.log("MISMATCH", n); }
}
console.log(bad ? "FAIL" : "ok");
"""
