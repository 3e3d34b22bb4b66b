""" "Descargar expediente": a streamed zip, one folder per stage, with an index of hashes."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime

from portal import storage
from portal.expediente.archive import INDEX_HEADER, INDEX_NAME
from portal.expediente.zipstream import CHUNK, Member, stream_zip


def download(client, proceso) -> tuple[zipfile.ZipFile, list[dict]]:
    response = client.get(f"/procesos/{proceso.id_del_proceso}/expediente.zip")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.mimetype == "application/zip"
    assert (
        response.headers["Content-Disposition"]
        == f'attachment; filename="expediente-{proceso.id_del_proceso}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    text = archive.read(INDEX_NAME).decode("utf-8-sig")
    return archive, list(csv.DictReader(io.StringIO(text)))


def test_zip_holds_every_public_document_by_stage_with_matching_hashes(
    client, db, make_proceso, make_contrato, make_documento
):
    proceso = make_proceso(estado="celebrado")
    contrato = make_contrato(proceso=proceso)
    documentos = [
        make_documento(
            b"estudios" * 1000,
            proceso=proceso,
            etapa="preparatoria",
            tipo="estudios_previos",
            nombre_archivo="Estudios previos.pdf",
        ),
        make_documento(
            b"pliego", proceso=proceso, tipo="pliego_definitivo", nombre_archivo="Pliego.pdf"
        ),
        make_documento(
            b"<factura/>",
            contrato=contrato,
            etapa="ejecucion",
            tipo="factura",
            nombre_archivo="Factura electrónica.xml",
            content_type="application/xml",
        ),
        make_documento(
            b"acta",
            contrato=contrato,
            etapa="liquidacion",
            tipo="acta_liquidacion",
            nombre_archivo="Acta de liquidación.pdf",
        ),
    ]
    oculto = make_documento(b"borrador interno", proceso=proceso, estado="pendiente")
    db.session.commit()

    archive, index = download(client, proceso)
    assert sorted(archive.namelist()) == sorted(
        [
            INDEX_NAME,
            "1 Preparatoria/Estudios previos.pdf",
            "2 Precontractual/Pliego.pdf",
            "3 Contractual y ejecución/Factura electrónica.xml",
            "4 Liquidación/Acta de liquidación.pdf",
        ]
    )
    assert list(index[0]) == list(INDEX_HEADER)
    by_hash = {row["sha256"]: row for row in index}
    assert set(by_hash) == {d.sha256 for d in documentos}
    assert oculto.sha256 not in by_hash
    for documento in documentos:
        row = by_hash[documento.sha256]
        member = archive.read(row["archivo en el zip"])
        assert hashlib.sha256(member).hexdigest() == documento.sha256
        assert int(row["tamaño"]) == documento.tamano == len(member)
        assert row["enlace permanente"].startswith(f"http://localhost/documentos/{documento.id}/")
        assert row["fecha"] == "2026-03-02T10:30:00-05:00"
    assert by_hash[documentos[2].sha256]["contrato"] == contrato.id_contrato
    assert by_hash[documentos[2].sha256]["etapa"] == "Contractual y ejecución"
    info = {i.filename: i for i in archive.infolist()}
    assert info["2 Precontractual/Pliego.pdf"].compress_type == zipfile.ZIP_STORED
    assert (
        info["3 Contractual y ejecución/Factura electrónica.xml"].compress_type
        == zipfile.ZIP_DEFLATED
    )
    assert info["2 Precontractual/Pliego.pdf"].date_time == (2026, 3, 2, 10, 30, 0)


def test_same_names_and_versions_get_unique_member_names(client, db, make_proceso, make_documento):
    proceso = make_proceso()
    make_documento(b"uno", proceso=proceso, nombre_archivo="Anexo.pdf")
    make_documento(b"dos", proceso=proceso, nombre_archivo="anexo.pdf")
    make_documento(
        b"v1", proceso=proceso, tipo="adenda", serie="ad-1", version=1, nombre_archivo="Adenda.pdf"
    )
    make_documento(
        b"v2", proceso=proceso, tipo="adenda", serie="ad-1", version=2, nombre_archivo="Adenda.pdf"
    )
    make_documento(b"raro", proceso=proceso, nombre_archivo="../../etc/pass:wd?.pdf")
    db.session.commit()
    archive, index = download(client, proceso)
    names = archive.namelist()
    assert len(names) == len(set(names)) == 6
    assert "2 Precontractual/Anexo.pdf" in names and "2 Precontractual/anexo (2).pdf" in names
    assert "2 Precontractual/Adenda (versión 2).pdf" in names
    assert "2 Precontractual/Adenda (versión 1).pdf" in names
    assert all(name == INDEX_NAME or name.count("/") == 1 for name in names)
    assert {row["versión"] for row in index if row["tipo"] == "Adenda"} == {"1", "2"}


def test_a_process_without_documents_gets_a_zip_with_only_the_index(client, db, make_proceso):
    proceso = make_proceso()
    db.session.commit()
    archive, index = download(client, proceso)
    assert archive.namelist() == [INDEX_NAME] and index == []


def test_a_missing_stored_file_is_noted_in_the_index_not_a_broken_zip(
    client, db, make_proceso, make_documento
):
    proceso = make_proceso()
    perdido = make_documento(b"se perdio del disco", proceso=proceso)
    db.session.commit()
    storage.path_of(perdido.sha256).unlink()
    archive, index = download(client, proceso)
    assert archive.namelist() == [INDEX_NAME]
    assert index[0]["sha256"] == perdido.sha256 and "no disponible" in index[0]["observación"]


def test_stream_never_holds_more_than_a_chunk(tmp_path):
    big = tmp_path / "grande.pdf"
    data = hashlib.sha256(b"semilla").digest() * (5 * CHUNK // 32)
    big.write_bytes(data)
    modified = datetime(2026, 3, 2, tzinfo=UTC)
    members = [
        Member("a/grande.pdf", modified, len(data), path=big),
        Member("a/notas.txt", modified, 11, data=b"hola mundo\n", compress=True),
    ]
    pieces = list(stream_zip(members))
    assert len(pieces) > 5
    assert max(len(p) for p in pieces) <= CHUNK + 1024
    archive = zipfile.ZipFile(io.BytesIO(b"".join(pieces)))
    assert archive.read("a/grande.pdf") == data
    assert archive.read("a/notas.txt") == b"hola mundo\n"
