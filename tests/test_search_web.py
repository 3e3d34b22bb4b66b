"""The public search pages: htmx fragment or full page, JS-off flow, feed, weights, entities."""

import gzip
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.search import query

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def close_searchers():
    yield
    query.drop_views()


@pytest.fixture
def twenty_five(db, make_entidad, make_proceso):
    entidad = make_entidad(nombre="GOBERNACIÓN DE BOLÍVAR", nit="890480059")
    for n in range(25):
        make_proceso(
            entidad=entidad,
            nombre=f"Prestación de servicios profesionales para el apoyo jurídico y administrativo de la secretaría de infraestructura número {n}",
            descripcion="Apoyo a la gestión " * 20,
            fecha_publicacion=datetime(2026, 2, 1 + n, tzinfo=UTC),
        )
    db.session.commit()
    return entidad


def test_full_page_and_fragment_share_the_results(client, twenty_five):
    page = client.get("/procesos?q=servicios")
    fragment = client.get("/procesos?q=servicios", headers={"HX-Request": "true"})
    restore = client.get(
        "/procesos?q=servicios",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )
    for response in (page, fragment, restore):
        assert response.status_code == 200
        assert "HX-Request" in response.headers["Vary"]
    assert b"<html" in page.data and b"<html" in restore.data and b"<html" not in fragment.data
    assert b"25</strong> procesos" in fragment.data and b"25</strong> procesos" in page.data
    assert b"<mark>servicios</mark>" in fragment.data
    assert (
        b'hx-trigger="keyup changed delay:400ms' in page.data and b'hx-push-url="true"' in page.data
    )


def test_js_off_flow_is_a_plain_get_form(client, twenty_five):
    page = client.get("/procesos")
    html = page.data.decode()
    assert 'method="get"' in html and 'action="/procesos"' in html and 'name="q"' in html
    second = client.get("/procesos?q=servicios&orden=fecha&pagina=2")
    text = second.data.decode()
    assert "página 2 de 2" in text and 'rel="prev"' in text and text.count('class="lista"') == 1
    assert "número 4</a>" not in text and "/procesos?q=servicios&amp;orden=fecha" in text


def test_page_weights_with_twenty_results(client, twenty_five):
    page = client.get("/procesos?q=servicios")
    fragment = client.get("/procesos?q=servicios", headers={"HX-Request": "true"})
    assert page.data.count(b'<li>\n    <a href="/procesos/CO1') == 20
    assert len(gzip.compress(page.data)) <= 14 * 1024
    assert len(gzip.compress(fragment.data)) <= 8 * 1024


def test_result_shows_every_field_in_es_co(client, db, make_proceso):
    make_proceso(
        nombre="Dotación <b>escolar</b>", referencia="SAMC-777-2026", precio_base=180_000_000
    )
    db.session.commit()
    html = client.get("/procesos?q=dotacion").data.decode()
    assert "$ 180.000.000" in html and "SAMC-777-2026" in html and "02/03/2026" in html
    assert "Selección Abreviada de Menor Cuantía" in html and "Publicado" in html
    assert "<mark>Dotación</mark> &lt;b&gt;escolar&lt;/b&gt;" in html


def test_bad_parameters_show_a_note_not_an_error(client, twenty_five):
    response = client.get("/procesos?precio_min=abc&desde=ayer&orden=zzz&pagina=x&estado=nada")
    assert response.status_code == 200
    html = response.data.decode()
    for fragment in ("precio mínimo", "AAAA-MM-DD", "orden", "página", "estado"):
        assert fragment in html
    assert "25</strong> procesos" in html


# Digits that str.isdigit() accepts and int() refuses ("²"), and full-width ones it reads.
@pytest.mark.parametrize("number", ["²", "¹⁰", "٣", "３"])
def test_unusual_digits_are_a_note_not_an_error(client, twenty_five, number):
    for url in (
        f"/procesos?pagina={number}&precio_min={number}",
        f"/entidades/890480059?contratos={number}&pagina={number}",
    ):
        assert client.get(url).status_code == 200, url


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    q=st.one_of(
        st.text(max_size=40),
        st.lists(
            st.sampled_from(
                [
                    '"',
                    "*",
                    "AND",
                    "OR",
                    "NOT",
                    "(",
                    ")",
                    "-",
                    "+",
                    ":",
                    "~",
                    "^",
                    "obra",
                    "servicios",
                    "CO1.REQ.",
                    "\\",
                    "?",
                    "[",
                    "}",
                ]
            ),
            max_size=8,
        ).map(" ".join),
    ),
    orden=st.sampled_from(["", "fecha", "precio", "x"]),
)
def test_malformed_queries_never_fail(client, twenty_five, q, orden):
    response = client.get("/procesos", query_string={"q": q, "orden": orden})
    assert response.status_code == 200
    fragment = client.get("/procesos", query_string={"q": q}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert client.get("/procesos.atom", query_string={"q": q}).status_code == 200


@pytest.mark.parametrize(
    "q", ['"servicios profesionales', "AND OR", "*", "servicios AND", "NOT", ")(", "mantenim*", '"']
)
def test_known_malformed_queries_search_plain_words(client, twenty_five, q):
    response = client.get("/procesos", query_string={"q": q})
    assert response.status_code == 200 and b"procesos" in response.data


def test_atom_feed_is_valid_and_escaped(client, db, make_proceso):
    make_proceso(
        nombre='Obra <script> & "comillas" \x0b control',
        fecha_publicacion=datetime(2026, 1, 1, tzinfo=UTC),
    )
    make_proceso(nombre="Obra más reciente", fecha_publicacion=datetime(2026, 5, 1, tzinfo=UTC))
    db.session.commit()
    response = client.get("/procesos.atom?q=obra&estado=publicado")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Obra más reciente", 'Obra <script> & "comillas"  control']
    for entry in entries:
        assert (
            entry.find(f"{ATOM}link").get("href").startswith("http://localhost/procesos/CO1.REQ.")
        )
        assert entry.find(f"{ATOM}updated").text.endswith("+00:00")
    assert b"<script>" not in response.data


def test_home_page_still_lists_recent_processes(client, twenty_five):
    assert client.get("/").status_code == 200


def test_health_reports_the_index(client, twenty_five):
    body = client.get("/salud").get_json()
    assert body["indice"]["estado"] == "ok" and body["indice"]["documentos"] == 25


def test_entity_page_searches_its_processes_and_lists_contracts(
    client, db, twenty_five, make_proceso, make_contrato
):
    other = make_proceso(nombre="Prestación de servicios de otra entidad")
    contrato = make_contrato(proceso=other)
    own = make_contrato(proceso=make_proceso(entidad=twenty_five, nombre="Suministro de papelería"))
    db.session.commit()
    html = client.get("/entidades/890480059").data.decode()
    assert "GOBERNACIÓN DE BOLÍVAR" in html and "26</strong> procesos" in html
    assert own.id_contrato in html or own.referencia in html
    assert contrato.referencia not in html
    searched = client.get("/entidades/890.480.059-1?q=papeleria", headers={"HX-Request": "true"})
    assert b"1</strong> proceso" in searched.data and b"<html" not in searched.data
    assert "HX-Request" in searched.headers["Vary"]
    assert client.get("/entidades/123").status_code == 404
    assert client.get("/entidades/abc").status_code == 404
