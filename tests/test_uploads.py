"""Resumable uploads (tus 1.0) end to end: protocol, resume, checks, access, cleanup."""

import base64
import hashlib
import os
from pathlib import Path

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from support import (
    TUS,
    UPLOAD_LIMIT,
    TusClient,
    documentos,
    pdf,
    sha,
    sign_in,
    store_files,
)

from portal import create_app
from portal.models import Membresia, SesionCarga
from portal.uploads import sessions
from portal.uploads.tus import encode_metadata
from portal.uploads.validation import BLOCKED_EXTENSIONS, original_name


@pytest.fixture
def test_config(test_config):
    return test_config | {"MAX_UPLOAD_BYTES": UPLOAD_LIMIT}


@pytest.fixture
def tus(client, contratista, contrato):
    sign_in(client, contratista)
    return TusClient(client, contrato.id)


def sha1_header(chunk: bytes) -> str:
    return "sha1 " + base64.b64encode(hashlib.sha1(chunk).digest()).decode()


def partial_files(app) -> list[Path]:
    folder = Path(app.config["UPLOAD_DIR"]) / "partial"
    return list(folder.iterdir()) if folder.is_dir() else []


# --- protocol ---------------------------------------------------------------------------


def test_options_announces_the_supported_protocol(client):
    response = client.options("/subidas/tus")
    assert response.status_code == 204
    assert response.headers["Tus-Resumable"] == "1.0.0"
    assert response.headers["Tus-Version"] == "1.0.0"
    assert response.headers["Tus-Extension"] == "creation,checksum,expiration,termination"
    assert response.headers["Tus-Max-Size"] == str(UPLOAD_LIMIT)
    assert response.headers["Tus-Checksum-Algorithm"] == "sha1"


def test_chunks_in_order_create_the_document_only_at_the_end(app, db, tus, contrato, contratista):
    data = pdf(50_000)
    url = tus.start(
        "Informe de ejecución.pdf", data, tipo="informe_ejecucion", descripcion="Informe de marzo"
    )
    first = tus.patch(url, 0, data[:20_000])
    assert first.status_code == 204
    assert first.headers["Upload-Offset"] == "20000"
    assert first.headers["Tus-Resumable"] == "1.0.0"
    assert "Upload-Expires" in first.headers
    assert documentos(db) == [] and store_files(app) == []  # no half file is ever visible

    head = tus.head(url)
    assert head.status_code == 200
    assert (head.headers["Upload-Offset"], head.headers["Upload-Length"]) == ("20000", "50000")
    assert head.headers["Cache-Control"] == "no-store"

    last = tus.send_all(url, data, start=20_000)
    [documento] = documentos(db)
    assert (documento.contrato_id, documento.etapa, documento.estado) == (
        contrato.id,
        "ejecucion",
        "pendiente",
    )
    assert (documento.tipo, documento.descripcion) == ("informe_ejecucion", "Informe de marzo")
    assert (documento.sha256, documento.tamano, documento.cargado_por_id) == (
        sha(data),
        50_000,
        contratista.id,
    )
    assert documento.content_type == "application/pdf"
    assert last.headers["Portal-Resultado"].startswith("/subidas/acuse/")
    assert [p.read_bytes() for p in store_files(app)] == [data]
    assert partial_files(app) == []


def test_wrong_offsets_are_refused_with_409(db, tus):
    data = pdf(30_000)
    url = tus.start(data=data)
    assert tus.patch(url, 0, data[:10_000]).status_code == 204
    ahead = tus.patch(url, 15_000, data[15_000:20_000])
    overlapping = tus.patch(url, 5_000, data[5_000:15_000])
    assert (ahead.status_code, overlapping.status_code) == (409, 409)
    assert overlapping.headers["Upload-Offset"] == "10000"
    assert tus.head(url).headers["Upload-Offset"] == "10000"


def test_dropped_connection_keeps_what_arrived_and_resumes_from_head(app, db, tus):
    data = pdf(60_000)
    url = tus.start(data=data)
    tus.patch(url, 0, data[:25_000], content_length=len(data))  # the link dies after 25 kB
    offset = int(tus.head(url).headers["Upload-Offset"])
    assert offset == 25_000
    # The client did not see an answer and repeats its chunk: refused, then it asks and resumes.
    assert tus.patch(url, 0, data).status_code == 409
    tus.send_all(url, data, start=offset)
    assert [p.read_bytes() for p in store_files(app)] == [data]


def test_a_cut_chunk_with_a_checksum_is_dropped_whole(tus):
    data = pdf(40_000)
    url = tus.start(data=data)
    tus.patch(url, 0, data[:15_000], checksum=sha1_header(data[:30_000]), content_length=30_000)
    assert tus.head(url).headers["Upload-Offset"] == "0"


def test_per_chunk_checksum_mismatch_is_refused_with_460(db, tus):
    data = pdf(30_000)
    url = tus.start(data=data)
    bad = tus.patch(url, 0, data[:10_000], checksum=sha1_header(b"otra cosa"))
    assert bad.status_code == 460
    assert tus.head(url).headers["Upload-Offset"] == "0"
    good = tus.patch(url, 0, data[:10_000], checksum=sha1_header(data[:10_000]))
    assert good.status_code == 204 and good.headers["Upload-Offset"] == "10000"


def test_whole_file_sha256_mismatch_refuses_and_deletes(app, db, tus):
    data = pdf(30_000)
    url = tus.start(data=data, sha256=sha(b"el archivo que el navegador leyo"))
    tus.patch(url, 0, data[:20_000])
    response = tus.patch(url, 20_000, data[20_000:])
    assert response.status_code == 422
    assert "SHA-256 no coincide" in response.get_data(as_text=True)
    assert documentos(db) == [] and store_files(app) == [] and partial_files(app) == []
    assert tus.head(url).status_code == 410


def test_resume_after_a_server_restart(app, db, tus, test_config, contratista):
    data = pdf(80_000)
    url = tus.start(data=data)
    tus.patch(url, 0, data[:30_000])

    restarted = create_app(test_config)  # a new process: same database, same upload folder
    client = restarted.test_client()
    # Load the user here first: touching an expired object while the other app is current
    # would borrow (and keep) a connection of the other app's engine.
    db.session.refresh(contratista)
    sign_in(client, contratista)
    again = TusClient(client, None)
    offset = int(again.head(url).headers["Upload-Offset"])
    assert offset == 30_000
    last = again.send_all(url, data, start=offset)
    assert last.headers["Portal-Resultado"]
    with restarted.app_context():
        restarted.extensions["sqlalchemy"].engine.dispose()
    [documento] = documentos(db)
    assert documento.sha256 == sha(data)


def test_two_uploads_to_one_contract_interleaved(app, db, tus):
    first, second = pdf(40_000, b"uno"), pdf(35_000, b"dos")
    url1, url2 = tus.start("informe.pdf", first), tus.start("cuenta de cobro.pdf", second)
    for offset in range(0, 40_000, 10_000):
        assert tus.patch(url1, offset, first[offset : offset + 10_000]).status_code == 204
        if offset < 35_000:
            assert tus.patch(url2, offset, second[offset : offset + 10_000]).status_code == 204
    assert sorted(d.sha256 for d in documentos(db)) == sorted([sha(first), sha(second)])
    assert sorted(p.read_bytes() for p in store_files(app)) == sorted([first, second])


def test_a_second_connection_on_a_busy_upload_is_told_to_wait(tus):
    data = pdf(20_000)
    url = tus.start(data=data)
    with sessions.locked(url.rsplit("/", 1)[1]):
        assert tus.patch(url, 0, data).status_code == 423
    assert tus.patch(url, 0, data).status_code == 204


def test_termination_forgets_the_upload(app, tus):
    data = pdf(20_000)
    url = tus.start(data=data)
    tus.patch(url, 0, data[:5_000])
    assert tus.open(url, "DELETE", headers=TUS).status_code == 204
    assert partial_files(app) == []
    assert tus.head(url).status_code == 404


def test_wrong_protocol_version_and_content_type(tus):
    url = tus.start(data=pdf(1000))
    assert tus.client.head(url, headers={"Tus-Resumable": "0.2.2"}).status_code == 412
    plain = tus.client.patch(
        url, headers=TUS | {"Upload-Offset": "0"}, data=b"x", content_type="text/plain"
    )
    assert plain.status_code == 415


# --- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize("extension", sorted(BLOCKED_EXTENSIONS))
def test_blocked_extensions_are_refused_at_creation(app, db, tus, extension):
    response = tus.create(f"Documento{extension.upper()}", pdf(1000))
    assert response.status_code == 415
    assert f"No se aceptan archivos con extensión {extension}" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(SesionCarga.id))) == 0
    assert partial_files(app) == []


@pytest.mark.parametrize(
    "name", ["informe.pdf.exe", "informe.exe.pdf", "acta.PDF.Bat", "sin extension"]
)
def test_double_and_missing_extensions_are_refused(tus, name):
    assert tus.create(name, pdf(1000)).status_code == 415


@pytest.mark.parametrize(
    ("name", "head"),
    [("informe.pdf", b"MZ\x90\x00\x03"), ("informe.pdf", b"\x7fELF\x02\x01"), ("notas.csv", b"MZ\x90\x00"),
     ("informe.pdf", b"<html><body>"), ("cuadro.xlsx", b"%PDF-1.4"), ("acta.docx", b"texto plano")],
)  # fmt: skip
def test_content_that_contradicts_its_name_is_refused(app, db, tus, name, head):
    data = head + b"\x00" * 5_000
    url = tus.start(name, data)
    response = tus.patch(url, 0, data[:1_000])  # refused as soon as the first bytes arrive
    assert response.status_code == 415
    assert "no corresponde" in response.get_data(as_text=True) or "ejecutable" in response.get_data(
        as_text=True
    )
    assert partial_files(app) == [] and store_files(app) == [] and documentos(db) == []
    assert tus.head(url).status_code == 410


def test_valid_office_and_image_files_pass(db, tus):
    for name, data in [
        ("cuadro.xlsx", b"PK\x03\x04" + b"z" * 3000),
        ("foto.JPG", b"\xff\xd8\xff\xe0" + b"j" * 3000),
    ]:
        tus.send_all(tus.start(name, data), data)
    assert [d.content_type for d in documentos(db)] == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "image/jpeg",
    ]


def test_oversized_files_are_refused_at_creation_and_while_streaming(app, tus):
    too_big = tus.create("grande.pdf", length=UPLOAD_LIMIT + 1)
    assert too_big.status_code == 413
    assert "máximo permitido" in too_big.get_data(as_text=True)
    data = pdf(10_000)
    url = tus.start(data=data)
    response = tus.patch(url, 0, data + b"sobra")  # more bytes than announced
    assert response.status_code == 413
    assert tus.head(url).headers["Upload-Offset"] == "0"
    assert store_files(app) == []


def test_empty_files_are_refused(db, tus):
    response = tus.create("vacio.pdf", length=0)
    assert response.status_code == 400
    assert "vacío" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("raw", "safe"),
    [("../../etc/informe.pdf", "informe.pdf"), ("C:\\Users\\ana\\acta.pdf", "acta.pdf"),
     ("in\x07forme\n final.pdf", "informe final.pdf"), ("Informe de ejecución Nº 3.pdf", "Informe de ejecución Nº 3.pdf"),
     ('<script>"x".pdf', "script__x_.pdf")],
)  # fmt: skip
def test_unsafe_names_are_stored_safely_and_shown_as_sent(db, tus, raw, safe):
    data = pdf(2_000)
    last = tus.send_all(tus.start(raw, data), data)
    [documento] = documentos(db)
    assert documento.nombre_archivo == safe
    receipt = tus.open(last.headers["Portal-Resultado"]).get_data(as_text=True)
    assert str(escape(original_name(raw))) in receipt  # shown as sent, control characters marked
    assert raw == safe or str(escape(safe)) in receipt
    assert "<script>" not in receipt


def test_receipt_shows_name_size_hash_time_and_contract(db, tus, contrato):
    data = pdf(3_000)
    last = tus.send_all(tus.start("Cuenta de cobro.pdf", data), data)
    receipt = tus.open(last.headers["Portal-Resultado"])
    text = receipt.get_data(as_text=True)
    assert receipt.status_code == 200
    for expected in (
        "Acuse de recibo",
        "Cuenta de cobro.pdf",
        "3.000 bytes",
        sha(data),
        contrato.id_contrato,
        "Bogotá",
    ):
        assert expected in text


# --- access -------------------------------------------------------------------------------


def test_anonymous_tus_requests_get_401(client, contrato):
    meta = encode_metadata(
        {"filename": "a.pdf", "proposito": "documento_contrato", "contrato_id": str(contrato.id)}
    )
    response = client.post(
        "/subidas/tus", headers=TUS | {"Upload-Length": "10", "Upload-Metadata": meta}
    )
    assert response.status_code == 401
    assert "Ingrese de nuevo" in response.get_data(as_text=True)


def test_another_users_token_is_not_found(app, db, tus, make_user):
    data = pdf(5_000)
    url = tus.start(data=data)
    last_url = tus.send_all(tus.start("otro.pdf", pdf(2_000, b"o")), pdf(2_000, b"o")).headers[
        "Portal-Resultado"
    ]
    intruder = app.test_client()
    sign_in(intruder, make_user())
    other = TusClient(intruder, None)
    assert other.head(url).status_code == 404
    assert other.patch(url, 0, data).status_code == 404
    assert other.open(url, "DELETE", headers=TUS).status_code == 404
    assert other.open(last_url).status_code == 404
    assert tus.head(url).headers["Upload-Offset"] == "0"


@pytest.mark.parametrize(
    ("rol", "estado", "expected"),
    [
        ("proveedor", "aceptado", 201),
        ("proveedor", "pendiente", 403),
        ("comprador", "aceptado", 403),
        (None, None, 403),
    ],
)
def test_who_may_upload_to_a_contract(client, db, make_user, contrato, rol, estado, expected):
    user = make_user()
    if rol:
        db.session.add(
            Membresia(usuario=user, cuenta_id=contrato.proveedor_id, rol=rol, estado=estado)
        )
    db.session.commit()
    sign_in(client, user)
    assert TusClient(client, contrato.id).create(data=pdf(1000)).status_code == expected


def test_the_supervisor_may_upload_and_unknown_contracts_are_refused(
    client, db, make_user, make_contrato
):
    supervisor = make_user()
    contrato = make_contrato(supervisor=supervisor)
    db.session.commit()
    sign_in(client, supervisor)
    assert TusClient(client, contrato.id).create(data=pdf(1000)).status_code == 201
    assert TusClient(client, 999_999).create(data=pdf(1000)).status_code == 403


def test_requests_from_another_site_are_refused(tus):
    response = tus.client.post(
        "/subidas/tus",
        headers=TUS | {"Origin": "https://otro-sitio.example", "Upload-Length": "10"},
    )
    assert response.status_code == 403
    same = tus.create(data=pdf(1000))
    assert same.status_code == 201


# --- expiration ---------------------------------------------------------------------------


def come_back_later(clock, tus, contratista, **delta) -> None:
    """Move the one clock; the login session has ended by then too, so sign in again."""
    clock.advance(**delta)
    sign_in(tus.client, contratista)


# `clock` comes before `tus`: the upload must start on the test's clock.
def test_expired_uploads_are_refused_and_cleaned_up(app, db, clock, tus, contratista):
    data = pdf(20_000)
    url = tus.start(data=data)
    tus.patch(url, 0, data[:5_000])
    orphan = Path(app.config["UPLOAD_DIR"]) / "partial" / "huerfano"
    orphan.write_bytes(b"restos de un corte")
    os.utime(orphan, (0, 0))
    come_back_later(clock, tus, contratista, hours=25)

    assert tus.head(url).status_code == 410
    result = app.test_cli_runner().invoke(args=["subidas", "limpiar"])
    assert "Cargas vencidas eliminadas: 2" in result.output
    assert partial_files(app) == []
    assert db.session.scalar(select(func.count(SesionCarga.id))) == 0
    assert tus.head(url).status_code == 404


def test_progress_extends_the_expiry(clock, tus, contratista):
    data = pdf(20_000)
    url = tus.start(data=data)
    come_back_later(clock, tus, contratista, hours=20)
    tus.patch(url, 0, data[:5_000])
    come_back_later(clock, tus, contratista, hours=20)
    assert tus.head(url).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"Upload-Length": "diez"},
        {"Upload-Length": "10", "Upload-Metadata": "filename no-es-base64!"},
        {
            "Upload-Length": "10",
            "Upload-Metadata": "filename " + base64.b64encode(b"\xff\xfe").decode(),
        },
        {"Upload-Length": "10", "Upload-Metadata": "filename YS5wZGY=,filename YS5wZGY="},
    ],
    ids=["longitud", "base64", "utf8", "repetido"],
)
def test_malformed_creation_headers_are_explained(tus, headers):
    response = tus.open("/subidas/tus", "POST", headers=TUS | headers)
    assert response.status_code == 400
    assert response.get_data(as_text=True)  # a Spanish sentence, not an empty error


def test_cleanup_command_runs_on_an_empty_instance(app):
    result = app.test_cli_runner().invoke(args=["subidas", "limpiar"])
    assert result.exit_code == 0
    assert "Cargas vencidas eliminadas: 0" in result.output
