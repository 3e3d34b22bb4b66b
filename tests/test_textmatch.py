"""The work areas' text filters ignore case and Spanish accents, on SQLite and on PostgreSQL.

Run with PORTAL_TEST_DATABASE_URL set to check PostgreSQL too: SQLite's lower() and LIKE only
fold ASCII, PostgreSQL's lower() under the C collation leaves accented capitals alone.
"""

import pytest
from sqlalchemy import select

from portal.models import Proceso, Proveedor
from portal.models.vocab import fold
from portal.textmatch import ACCENTED, PLAIN, contains_folded, fold_text

SOACHA = "ALCALDÍA MUNICIPAL DE SOACHA"


def matching(db, column, text: str) -> list[int]:
    model = column.class_
    query = select(model.id).where(contains_folded(column, text)).order_by(model.id)
    return list(db.session.scalars(query))


def test_the_python_side_folds_spanish_letters_as_vocab_fold_does():
    assert [fold(letter) for letter in ACCENTED] == list(PLAIN)
    assert fold_text("  Alcaldía   MUNICIPAL ") == "alcaldia municipal"
    assert fold_text("alcaldi\u0301a") == "alcaldia"  # decomposed input, as some keyboards send
    assert fold_text("PEÑALOSA") == fold("PEÑALOSA") == "penalosa"


@pytest.mark.parametrize(
    "text", ["alcaldia", "ALCALDÍA", "Alcaldía", "alcaldía municipal", "MUNICIPAL  de soacha"]
)
def test_any_case_and_accent_finds_the_name(db, make_proceso, text):
    soacha = make_proceso(nombre=SOACHA)
    make_proceso(nombre="GOBERNACIÓN DE CUNDINAMARCA")
    assert matching(db, Proceso.nombre, text) == [soacha.id]


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("JOSÉ MARÍA CÓRDOBA", "jose maria cordoba"),
        ("Contratación directa", "CONTRATACION"),
        ("PEÑALOSA Y NIÑO", "penalosa y nino"),
        ("Peñalosa", "PEÑALOSA"),
        ("BILINGÜE", "bilingue"),
        ("ÚTILES ESCOLARES", "útiles"),
    ],
)
def test_every_spanish_letter_folds_in_sql(db, make_proceso, stored, text):
    proceso = make_proceso(nombre=stored)
    assert matching(db, Proceso.nombre, text) == [proceso.id]


@pytest.mark.parametrize(("literal", "wildcard"), [("50%", "5000"), ("a_b", "axb"), ("a/b", "ab")])
def test_like_wildcards_in_the_text_are_literal(db, make_proceso, literal, wildcard):
    with_it = make_proceso(nombre=f"Anticipo del {literal} del valor")
    make_proceso(nombre=f"Anticipo del {wildcard} del valor")
    assert matching(db, Proceso.nombre, literal) == [with_it.id]


def test_a_different_letter_is_not_a_match(db, make_proceso):
    make_proceso(nombre=SOACHA)
    assert matching(db, Proceso.nombre, "alcaldio") == []
    assert matching(db, Proceso.nombre, "soachas") == []


def test_the_entity_process_list(db, client, login_as, make_entidad, make_proceso):
    entidad = make_entidad()
    login_as("comprador", cuenta=entidad)
    puente = make_proceso(entidad=entidad, nombre="CONSTRUCCIÓN DEL PUENTE PEATONAL")
    vias = make_proceso(entidad=entidad, nombre="Mantenimiento de vías")
    db.session.commit()
    page = client.get("/entidad/procesos?q=construccion").get_data(as_text=True)
    assert puente.referencia in page and vias.referencia not in page


def test_the_provider_search_when_awarding(db, client, login_as, make_entidad, make_proceso):
    entidad = make_entidad()
    login_as("comprador", cuenta=entidad)
    proceso = make_proceso(entidad=entidad, estado="evaluacion")
    db.session.add(Proveedor(nombre="JOSÉ PEÑA E HIJOS S.A.S.", numero_documento="900777111"))
    db.session.commit()
    page = client.get(f"/entidad/procesos/{proceso.id}/adjudicar?buscar=jose+pena")
    assert "JOSÉ PEÑA E HIJOS" in page.get_data(as_text=True)


def test_mis_contratos(db, app, login_as, make_contrato, make_entidad):
    soacha = make_entidad(nombre=SOACHA)
    contrato = make_contrato(entidad=soacha)
    otro = make_contrato(proveedor=contrato.proveedor)
    client = app.test_client()
    login_as("proveedor", cuenta=contrato.proveedor, client=client)
    db.session.commit()
    page = client.get("/mis-contratos?q=Alcaldía+municipal+de+soacha").get_data(as_text=True)
    assert contrato.id_contrato in page and otro.id_contrato not in page


def test_the_entity_contract_list(db, client, login_as, make_contrato):
    contrato = make_contrato(objeto="Interventoría de la señalización vial")
    otro = make_contrato(proceso=contrato.proceso, objeto="Suministro de papelería")
    login_as("comprador", cuenta=contrato.entidad)
    db.session.commit()
    page = client.get("/entidad/contratos?q=SENALIZACION").get_data(as_text=True)
    assert contrato.id_contrato in page and otro.id_contrato not in page


def test_the_account_search_for_access_requests(db, client, login_as, make_entidad):
    make_entidad(nombre=SOACHA, estado="activa")
    make_entidad(nombre="GOBERNACIÓN DE CUNDINAMARCA", estado="activa")
    login_as()
    db.session.commit()
    for text in ("alcaldia", "ALCALDÍA", "Alcaldía"):
        page = client.get("/cuentas/buscar", query_string={"q": text}).get_data(as_text=True)
        assert SOACHA in page and "CUNDINAMARCA" not in page
