"""The SECOP II importer on small files with the real headers (API, display names, JSON)."""

import codecs
import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.importer import import_file, import_unspsc
from portal.models import Contrato, Entidad, Evento, Proceso, Proveedor, Unspsc

FIXTURES = Path(__file__).parent / "fixtures" / "secop"


def run(path: Path, **kwargs):
    rechazos = []
    result = import_file(path, on_rechazo=rechazos.append, **kwargs)
    return result, rechazos


def proceso(db, key: str) -> Proceso:
    return db.session.execute(select(Proceso).filter_by(id_del_proceso=key)).scalar_one()


def contrato(db, key: str) -> Contrato:
    return db.session.execute(select(Contrato).filter_by(id_contrato=key)).scalar_one()


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_processes_with_api_headers(db):
    result, _ = run(FIXTURES / "procesos_api.csv")
    assert result.error is None
    assert result.conjunto == "SECOP II - Procesos de Contratación"
    assert (result.leidas, result.insertadas, result.actualizadas) == (7, 2, 0)
    assert result.rechazadas == 4 and result.duplicadas == 1

    p = proceso(db, "CO1.REQ.9000001")
    # The later row of a repeated id wins.
    assert p.nombre == "OBRAS DE PROTECCIÓN EN GAVIONES (ADENDA 1)"
    assert p.descripcion.startswith(
        "CONSTRUCCIÓN DE OBRAS DE PROTECCIÓN EN GAVIONES\nPARA EL PUENTE"
    )
    assert (p.estado_publicado, p.estado) == ("Evaluación", "evaluacion")
    assert p.precio_base == 640_575_000
    assert p.fecha_publicacion == datetime(2025, 12, 26, 5, 0, tzinfo=UTC)
    assert (p.duracion, p.unidad_duracion) == (3, "Mes(es)")
    assert p.unspsc_principal == "72141100"
    assert p.unspsc_adicionales == ["72141200", "72151500"]
    assert p.url_secop.endswith("noticeUID=CO1.NTC.9000001")
    assert p.origen == "secop" and p.huella_fuente
    assert (p.entidad.codigo_secop, p.entidad.nit) == ("703590422", "806000701")

    awarded = proceso(db, "CO1.REQ.9000002")
    assert (awarded.estado_publicado, awarded.estado, awarded.adjudicado) == (
        "Seleccionado",
        "adjudicado",
        True,
    )
    assert awarded.precio_base == 120_000_000
    assert awarded.valor_adjudicacion == 118_500_000
    assert awarded.adjudicatario_nit == "900123456"
    assert awarded.adjudicatario.codigo_secop == "700111222"
    assert awarded.entidad_id == p.entidad_id  # one entity, created once


def test_every_rejected_row_is_explained_with_file_and_line(db):
    result, rechazos = run(FIXTURES / "procesos_api.csv")
    rejected = [str(r) for r in rechazos if r.tipo == "rechazada"]
    # Lines count the multi-line description of the first row (lines 2-3).
    assert rejected == [
        "procesos_api.csv:5: fecha ilegible «32/13/2025»",
        "procesos_api.csv:6: falta id_del_proceso (campo obligatorio vacío)",
        "procesos_api.csv:7: valor en pesos ilegible «muchos pesos»",
        "procesos_api.csv:8: falta nit_entidad y codigo_entidad: no se sabe de qué entidad es",
    ]
    avisos = [str(r) for r in rechazos if r.tipo == "aviso"]
    assert avisos == [
        "procesos_api.csv:9: CO1.REQ.9000001 repetido en el archivo: esta fila, posterior, sustituye a la anterior"
    ]
    assert result.motivos["fecha ilegible"] == 1


def test_second_run_changes_nothing(db):
    run(FIXTURES / "procesos_api.csv")
    run(FIXTURES / "contratos_display.csv")
    eventos = count(db, Evento)
    again, _ = run(FIXTURES / "procesos_api.csv")
    again_c, _ = run(FIXTURES / "contratos_display.csv")
    assert (again.insertadas, again.actualizadas, again.sin_cambios) == (0, 0, 2)
    assert (again_c.insertadas, again_c.actualizadas, again_c.sin_cambios) == (0, 0, 2)
    assert again.proceso_ids == []
    assert count(db, Evento) == eventos
    assert count(db, Entidad) == 1


def test_changed_row_updates_and_logs_a_public_event(db, tmp_path):
    run(FIXTURES / "procesos_api.csv")
    changed = tmp_path / "procesos.csv"
    text = (FIXTURES / "procesos_api.csv").read_text(encoding="utf-8")
    changed.write_text(
        text.replace("MANTENIMIENTO DE ANDENES", "MANTENIMIENTO DE ANDENES Y BORDILLOS"),
        encoding="utf-8",
    )
    result, _ = run(changed)
    assert (result.insertadas, result.actualizadas, result.sin_cambios) == (0, 1, 1)
    p = proceso(db, "CO1.REQ.9000002")
    assert p.nombre == "MANTENIMIENTO DE ANDENES Y BORDILLOS"
    assert result.proceso_ids == [p.id]
    eventos = db.session.scalars(
        select(Evento).filter_by(objeto_tipo="proceso", objeto_id=p.id).order_by(Evento.id)
    ).all()
    assert [e.descripcion for e in eventos] == [
        "Importado desde SECOP II",
        "Actualizado desde SECOP II",
    ]
    assert all(e.publico and e.proceso_id == p.id for e in eventos)


def test_an_older_row_does_not_undo_a_newer_one(db, tmp_path):
    run(FIXTURES / "procesos_api.csv")
    older = tmp_path / "viejo.csv"
    text = (FIXTURES / "procesos_api.csv").read_text(encoding="utf-8")
    text = text.replace("MANTENIMIENTO DE ANDENES", "NOMBRE VIEJO").replace(
        "2025-12-26T00:00:00.000,2025-12-26", "2025-12-26T00:00:00.000,2025-11-01"
    )
    older.write_text(text, encoding="utf-8")
    result, rechazos = run(older)
    assert result.actualizadas == 0
    assert proceso(db, "CO1.REQ.9000002").nombre == "MANTENIMIENTO DE ANDENES"
    assert any("más antigua" in r.motivo for r in rechazos)


def test_an_older_contract_extract_does_not_undo_a_newer_one(db, client, tmp_path):
    run(FIXTURES / "contratos_display.csv")
    c = contrato(db, "CO1.PCCNTR.7000001")
    assert c.fecha_ultima_actualizacion == datetime(2026, 2, 16, 5, 0, tzinfo=UTC)
    page = client.get("/contratos/CO1.PCCNTR.7000001").get_data(as_text=True)
    assert "Última actualización en SECOP II</dt><dd>16/02/2026" in page
    text = (FIXTURES / "contratos_display.csv").read_text(encoding="utf-8")
    older = tmp_path / "viejo.csv"
    older.write_text(
        text.replace("2026 feb 16 12:00:00 AM", "2026 ene 05 12:00:00 AM").replace(
            "$ 31.500.000,00", "$ 1.000,00"
        ),
        encoding="utf-8",
    )
    result, rechazos = run(older)
    assert result.actualizadas == 0
    db.session.expire_all()
    assert contrato(db, "CO1.PCCNTR.7000001").valor == 31_500_000
    assert any("más antigua (última actualización)" in r.motivo for r in rechazos)


def test_contracts_with_display_headers_and_portal_formats(db):
    result, rechazos = run(FIXTURES / "contratos_display.csv")
    assert result.conjunto == "SECOP II - Contratos Electrónicos"
    assert (result.leidas, result.insertadas, result.rechazadas) == (5, 2, 3)
    c = contrato(db, "CO1.PCCNTR.7000001")
    assert c.valor == 31_500_000 and c.valor_pagado == 0
    assert c.fecha_firma == datetime(2026, 2, 10, 5, 0, tzinfo=UTC)
    assert (c.estado_publicado, c.estado) == ("En ejecución", "en_ejecucion")
    assert c.objeto == "CONSTRUCCIÓN DE OBRAS DE PROTECCIÓN EN GAVIONES\nPARA EL PUENTE"
    assert c.entidad.nit == "806000701" and c.entidad.codigo_secop == "703590422"
    assert c.entidad.nombre == "ALCALDÍA MUNICIPAL DE CLEMENCIA"
    assert (c.proveedor.numero_documento, c.proveedor.tipo_persona) == ("900123456", "juridica")
    persona = contrato(db, "CO1.PCCNTR.7000002")
    assert (persona.estado_publicado, persona.estado) == ("terminado", "terminado")
    assert (persona.proveedor.tipo_documento, persona.proveedor.tipo_persona) == ("CC", "natural")
    assert persona.proveedor.es_pyme is False
    motivos = sorted(r.motivo for r in rechazos)
    assert motivos == [
        "falta nit_entidad y codigo_entidad: no se sabe de qué entidad es",
        "fecha ilegible «2026 foo 19»",
        "valor en pesos ilegible «$ treinta»",
    ]


@pytest.mark.parametrize("order", ["procesos primero", "contratos primero"])
def test_contracts_link_to_their_process_in_both_orders(db, order):
    files = [FIXTURES / "procesos_api.csv", FIXTURES / "contratos_display.csv"]
    for path in files if order == "procesos primero" else files[::-1]:
        run(path)
    p = proceso(db, "CO1.REQ.9000001")
    c = contrato(db, "CO1.PCCNTR.7000001")
    assert c.proceso_de_compra == "CO1.BDOS.8000001"
    assert c.proceso_id == p.id
    assert contrato(db, "CO1.PCCNTR.7000002").proceso_id == proceso(db, "CO1.REQ.9000002").id
    # The provider awarded in the process file is the contract's provider, not a copy.
    assert count(db, Proveedor) == 2


def test_iso_8859_1_file_with_duplicates(db):
    result, rechazos = run(FIXTURES / "contratos_latin1.csv")
    assert (result.leidas, result.insertadas, result.duplicadas, result.rechazadas) == (3, 2, 1, 0)
    c = contrato(db, "CO1.PCCNTR.7100001")
    assert c.entidad.nombre == "UNIDAD ADMINISTRATIVA ESPECIAL DE AERONÁUTICA CIVIL"
    assert c.proveedor.nombre == "INGENIERÍA Y CONSTRUCCIÓN ÑANDÚ S.A.S"
    assert (c.estado_publicado, c.valor) == ("Modificado", 1_650_000_000)  # the later row
    assert c.url_secop.endswith("noticeUID=CO1.NTC.7100001")
    assert [r.donde for r in rechazos] == ["4"]


def test_utf8_with_bom(db, tmp_path):
    bom = tmp_path / "bom.csv"
    bom.write_bytes(codecs.BOM_UTF8 + (FIXTURES / "contratos_display.csv").read_bytes())
    result, _ = run(bom)
    assert result.insertadas == 2
    assert contrato(db, "CO1.PCCNTR.7000001").entidad.nombre == "ALCALDÍA MUNICIPAL DE CLEMENCIA"


def test_soda_json(db):
    result, rechazos = run(FIXTURES / "procesos_soda.json")
    assert (result.leidas, result.insertadas, result.rechazadas) == (3, 2, 1)
    assert str(rechazos[0]) == "procesos_soda.json:registro 3: fecha ilegible «ayer»"
    p = proceso(db, "CO1.REQ.9100001")
    assert p.url_secop.endswith("noticeUID=CO1.NTC.9000001")
    assert p.unspsc_adicionales == ["72141200", "72151500"]
    assert proceso(db, "CO1.REQ.9100002").url_secop.endswith("CO1.NTC.9000002")


def test_json_with_numbers_and_nested_values(db, tmp_path):
    path = tmp_path / "c.json"
    record = {
        "nombre_entidad": "MUNICIPIO DE SABANETA",
        "nit_entidad": 890980331,
        "id_contrato": "CO1.PCCNTR.1",
        "valor_del_contrato": 14000000.0,
        "fecha_de_firma": "2025-07-31T00:00:00.000",
        "urlproceso": {"url": "https://community.secop.gov.co/a"},
    }
    path.write_text(json.dumps([record]), encoding="utf-8")
    result, _ = run(path)
    assert result.insertadas == 1
    c = contrato(db, "CO1.PCCNTR.1")
    assert (c.valor, c.entidad.nit, c.url_secop) == (
        14_000_000,
        "890980331",
        "https://community.secop.gov.co/a",
    )


def test_small_batches_give_the_same_result(db):
    result, _ = run(FIXTURES / "procesos_api.csv", batch_size=1)
    assert (result.insertadas, result.actualizadas, result.rechazadas) == (2, 1, 4)
    assert proceso(db, "CO1.REQ.9000001").nombre.endswith("(ADENDA 1)")


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (
            ["ciudad", "estado_contrato", "fecha_de_firma", "valor_del_contrato"],
            "no tiene id_contrato",
        ),
        (["id_contrato", "id_entidad", "id_proveedor", "valor"], "no identifica la entidad"),
        (["Código Segmento", "Nombre Segmento"], "import-unspsc"),
        (
            ["entidad", "Código UNSPSC (cada código separado por ;)", "Modalidad de selección"],
            "Plan Anual",
        ),
        (["a", "b"], "no se reconoce el conjunto de datos"),
    ],
)
def test_files_that_cannot_be_imported_are_explained(db, tmp_path, header, reason):
    path = tmp_path / "x.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, ["1"] * len(header)])
    result, _ = run(path)
    assert reason in result.error
    assert result.insertadas == 0


def test_malformed_json_keeps_what_was_read(db, tmp_path):
    path = tmp_path / "roto.json"
    good = {"id_contrato": "CO1.PCCNTR.2", "nit_entidad": "890980331", "nombre_entidad": "X"}
    path.write_text(json.dumps([good])[:-1] + ', {"id_contrato": ', encoding="utf-8")
    result, _ = run(path)
    assert "mal formado" in result.error
    assert result.insertadas == 1


def test_unspsc_classifier(db):
    result = import_unspsc(FIXTURES / "unspsc.csv")
    assert result.error is None and result.rechazadas == 1
    node = db.session.get(Unspsc, "72141102")
    assert (node.nivel, node.padre, node.nombre) == (
        "producto",
        "72141100",
        "Servicio de construcción de puentes",
    )
    assert db.session.get(Unspsc, "72141100").padre == "72140000"
    assert db.session.get(Unspsc, "72140000").padre == "72000000"
    assert db.session.get(Unspsc, "72000000").nivel == "segmento"
    assert db.session.get(Unspsc, "80000000").nombre.startswith("Servicios de Gestión, Servicios")
    again = import_unspsc(FIXTURES / "unspsc.csv")
    assert (again.insertados, again.actualizados) == (0, 0)


def test_cli_import_secop(runner, db, tmp_path):
    errores = tmp_path / "errores.csv"
    result = runner.invoke(
        args=[
            "import-secop",
            "--errores",
            str(errores),
            str(FIXTURES / "procesos_api.csv"),
            str(FIXTURES / "contratos_display.csv"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "procesos_api.csv:5: fecha ilegible «32/13/2025»" in result.stderr
    assert "rechazadas por «valor en pesos ilegible»: 1" in result.stdout
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["archivo", "leídas", "insertadas"]
    assert lines[1].split()[:6] == ["procesos_api.csv", "7", "2", "0", "0", "4"]
    with errores.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len([r for r in rows if r["tipo"] == "rechazada"]) == 7
    assert {"archivo", "linea", "tipo", "motivo"} <= set(rows[0])
    again = runner.invoke(args=["import-secop", str(FIXTURES / "procesos_api.csv")])
    assert again.stdout.splitlines()[1].split()[:6] == ["procesos_api.csv", "7", "0", "0", "2", "4"]


def test_cli_explains_a_file_it_cannot_import(runner, db, tmp_path):
    path = tmp_path / "dnp.csv"
    path.write_text(
        "ciudad,estado_contrato,valor_del_contrato\nBogotá,Modificado,1\n", encoding="utf-8"
    )
    result = runner.invoke(args=["import-secop", str(path)])
    assert result.exit_code == 1
    assert "dnp.csv: no se importó: parece un extracto de Contratos Electrónicos" in result.stderr


def test_cli_import_unspsc(runner, db):
    result = runner.invoke(args=["import-unspsc", str(FIXTURES / "unspsc.csv")])
    assert result.exit_code == 0, result.output
    assert "códigos insertados 9" in result.stdout
