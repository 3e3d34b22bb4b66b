"""One reading of money for every form and filter: what people type in Colombia, whole pesos."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select
from support import FUTURO
from werkzeug.datastructures import MultiDict
from wtforms import Form

from portal.forms import MoneyField
from portal.models import Modificacion, Proceso, SolicitudPago
from portal.money import (
    MAX_PESOS,
    MoneyError,
    TooMuchMoney,
    UnreadableMoney,
    format_pesos,
    parse_pesos,
    read_amount,
)
from portal.search.params import parse as parse_search

# --- the parser -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pesos"),
    [
        ("$ 1.500.000", 1_500_000),
        ("1.500.000", 1_500_000),
        ("1500000", 1_500_000),
        ("$1.500.000,00", 1_500_000),
        ("1.500.000,0", 1_500_000),
        ("1,500,000", 1_500_000),  # commas as thousands, as spreadsheets write them
        ("1,500,000.00", 1_500_000),
        ("1500000,00", 1_500_000),
        ("1.500.000 COP", 1_500_000),
        ("COP $ 1.500.000", 1_500_000),
        ("cop 1500000", 1_500_000),
        ("\u00a0$\u00a01.500.000\u00a0", 1_500_000),  # no-break spaces pasted from a PDF
        ("$\u202f1.500.000", 1_500_000),
        (" 1 500 000 ", 1_500_000),
        ("1.500", 1_500),
        ("1,500", 1_500),
        ("4000000", 4_000_000),
        ("$ 4.000.000", 4_000_000),
        ("4.000.000 COP", 4_000_000),
        (" 15 ", 15),
        ("0", 0),  # zero is an amount; each form says whether it is enough
        (str(MAX_PESOS - 1), MAX_PESOS - 1),
    ],
)
def test_pesos_are_read_as_colombians_write_them(text, pesos):
    assert parse_pesos(text) == pesos


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.500.000,50", "sin centavos"),
        ("4.000.000,50", "sin centavos"),
        ("1500.5", "sin centavos"),
        ("1,500,000.10", "sin centavos"),
        ("cuatro", "Escriba el valor en pesos"),
        ("mucho", "Escriba el valor en pesos"),
        ("4.00.000", "Escriba el valor en pesos"),
        ("1.500.00", "Escriba el valor en pesos"),
        ("1.500,000", "Escriba el valor en pesos"),
        ("1,500.000", "Escriba el valor en pesos"),
        ("1.500.000,505", "Escriba el valor en pesos"),
        ("12e6", "Escriba el valor en pesos"),
        ("٣", "Escriba el valor en pesos"),  # digits int() reads, no one types
        ("１２", "Escriba el valor en pesos"),
        ("", "Escriba el valor en pesos"),
        ("$", "Escriba el valor en pesos"),
        ("-5", "negativo"),
        ("$ -1.500.000", "negativo"),
        (str(MAX_PESOS), "demasiado grande"),
        ("9" * 20, "demasiado grande"),
        ("9" * 5000, "demasiado grande"),  # beyond what int() converts: still our message
        ("9.999.999.999.999.999", "demasiado grande"),
    ],
)
def test_bad_amounts_are_refused_in_spanish(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_pesos(text)


def test_every_refusal_is_a_value_error_of_its_kind():
    assert issubclass(MoneyError, ValueError)
    with pytest.raises(UnreadableMoney):
        parse_pesos("mucho")
    with pytest.raises(TooMuchMoney):
        parse_pesos("9" * 30)


def test_read_amount_keeps_the_cents_exported_files_carry():
    assert read_amount("1.234.567,50") == Decimal("1234567.50")
    assert read_amount("1500.4") == Decimal("1500.4")
    assert read_amount("$ 89,662,254") == 89_662_254


def test_amounts_are_shown_back_as_they_are_written():
    assert format_pesos(1_500_000) == "$ 1.500.000"
    assert format_pesos(0) == "$ 0"
    assert format_pesos(None) == ""


def test_search_filters_read_money_the_same_way():
    params = parse_search({"precio_min": "$ 1.500.000", "precio_max": "25,000,000"})
    assert (params.precio_min, params.precio_max, params.avisos) == (1_500_000, 25_000_000, ())
    refused = parse_search({"precio_min": "1.500.000,50", "precio_max": "9" * 5000})
    assert (refused.precio_min, refused.precio_max) == (None, None)
    assert any("precio mínimo" in note for note in refused.avisos)
    assert any("precio máximo" in note for note in refused.avisos)


# --- the field ------------------------------------------------------------------------------


class AmountForm(Form):
    valor = MoneyField("Valor")
    especial = MoneyField("Especial", unreadable="Escriba un valor en pesos, por ejemplo 1.000.")


def test_the_field_is_a_text_box_that_phones_show_with_digits():
    html = AmountForm(data={"valor": 1_500_000}).valor()
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert 'value="$ 1.500.000"' in html and "number" not in html


def test_the_field_gives_whole_pesos_or_none():
    form = AmountForm(MultiDict({"valor": "$ 1.500.000", "especial": "  "}))
    assert form.validate()
    assert (form.valor.data, form.especial.data) == (1_500_000, None)
    assert 'value="$ 1.500.000"' in form.valor()  # what was typed, as typed


def test_a_field_left_out_of_the_post_keeps_its_value():
    form = AmountForm(MultiDict({"especial": "1"}), data={"valor": 7_000})
    assert (form.valor.data, form.especial.data) == (7_000, 1)


def test_a_refused_amount_keeps_what_was_typed():
    form = AmountForm(MultiDict({"valor": "1.500.000,75", "especial": "mucho"}))
    assert not form.validate()
    assert form.valor.data is None and "sin centavos" in form.valor.errors[0]
    assert 'value="1.500.000,75"' in form.valor()
    assert form.especial.errors == ["Escriba un valor en pesos, por ejemplo 1.000."]


def test_a_form_may_not_replace_the_messages_of_cents_or_overflow():
    form = AmountForm(MultiDict({"especial": "9" * 40}))
    assert not form.validate()
    assert "demasiado grande" in form.especial.errors[0]


# --- every money form, through HTTP ---------------------------------------------------------


@pytest.fixture
def comprador(login_as, make_entidad, clock, db):
    """A buyer of an entity, on the test clock's day (2 March 2026)."""
    user = login_as("comprador", cuenta=make_entidad(), nombres="Carla Compradora")
    db.session.commit()
    return user


def process_form(**changes) -> dict:
    return {
        "referencia": "MC-099-2026",
        "nombre": "Suministro de pupitres para las sedes rurales",
        "modalidad": "Mínima cuantía",
        "tipo_contrato": "Suministros",
        "precio_base": "$ 180.000.000",
        "fecha_recepcion_ofertas": "2026-03-20T17:00",
    } | changes


@pytest.mark.parametrize("typed", ["25,000,000", "25.000.000", "$ 25.000.000", "25000000"])
def test_a_process_value_is_read_as_typed(db, client, comprador, typed):
    response = client.post("/entidad/procesos/nuevo", data=process_form(precio_base=typed))
    assert response.status_code == 303, response.get_data(as_text=True)
    proceso_id = int(re.search(r"/entidad/procesos/(\d+)$", response.location).group(1))
    assert db.session.get(Proceso, proceso_id).precio_base == 25_000_000


def test_a_refused_process_value_keeps_what_was_typed(db, client, comprador):
    response = client.post(
        "/entidad/procesos/nuevo", data=process_form(precio_base="25.000.000,75")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sin centavos" in page and 'value="25.000.000,75"' in page
    huge = client.post("/entidad/procesos/nuevo", data=process_form(precio_base="9" * 5000))
    assert huge.status_code == 200 and "demasiado grande" in huge.get_data(as_text=True)
    assert db.session.scalars(select(Proceso)).all() == []


def test_the_process_form_shows_its_value_as_money(db, client, comprador):
    client.post("/entidad/procesos/nuevo", data=process_form(precio_base="1500000"))
    proceso = db.session.scalars(select(Proceso)).one()
    page = client.get(f"/entidad/procesos/{proceso.id}/editar").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="precio_base"[^>]*>', page).group(0)
    assert 'value="$ 1.500.000"' in field and 'inputmode="decimal"' in field
    assert 'type="text"' in field


@pytest.fixture
def entity_client(app, db, partes):
    partes.contrato.fecha_fin = FUTURO
    db.session.commit()
    return partes.sign_in(app.test_client(), partes.comprador)


def new_modification(client, partes, **data):
    url = f"/entidad/contratos/{partes.contrato.id_contrato}/modificaciones/nueva"
    return client.post(url, data={"tipo": "adicion", "descripcion": "Adición de obra"} | data)


@pytest.mark.parametrize("typed", ["1.500.000", "$ 1.500.000", "1,500,000", "$1.500.000,00"])
def test_an_addition_is_read_as_typed(db, partes, entity_client, typed):
    response = new_modification(entity_client, partes, valor_adicion=typed)
    assert response.status_code == 303, response.get_data(as_text=True)
    modificacion = db.session.scalars(select(Modificacion)).one()
    assert modificacion.valor_adicion == 1_500_000


def test_the_addition_box_takes_dots_in_the_browser(partes, entity_client):
    url = f"/entidad/contratos/{partes.contrato.id_contrato}/modificaciones/nueva"
    page = entity_client.get(url).get_data(as_text=True)
    field = re.search(r'<input[^>]*name="valor_adicion"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'inputmode="decimal"' in field


def test_a_refused_addition_keeps_what_was_typed(db, partes, entity_client):
    response = new_modification(entity_client, partes, valor_adicion="1.500.000,50")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "sin centavos" in page and 'value="1.500.000,50"' in page
    zero = new_modification(entity_client, partes, valor_adicion="0").get_data(as_text=True)
    assert "mayor que cero" in zero
    assert db.session.scalars(select(Modificacion)).all() == []


def new_payment(my_contract, valor: str):
    url = f"/mis-contratos/{my_contract.contrato.id_contrato}/pagos/nueva"
    data = {"numero_factura": "FE-7", "fecha_emision": "2026-05-02", "valor": valor}
    return my_contract.c_contratista.post(url, data=data)


@pytest.mark.parametrize("typed", ["1.500.000", "$ 1.500.000", "1,500,000", "1500000 COP"])
def test_a_payment_is_read_as_typed(db, my_contract, typed):
    assert new_payment(my_contract, typed).status_code == 303
    assert db.session.scalars(select(SolicitudPago)).one().valor == 1_500_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [("0", "mayor que cero"), ("cuatro", "Escriba el valor en pesos"), ("-5", "negativo"),
     ("4.00.000", "Escriba el valor en pesos"), ("", "Escriba el valor de la factura")],
)  # fmt: skip
def test_a_refused_payment_says_why_and_keeps_what_was_typed(db, my_contract, typed, message):
    response = new_payment(my_contract, typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and f'value="{typed}"' in page
    assert db.session.scalars(select(SolicitudPago)).all() == []
