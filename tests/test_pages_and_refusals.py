"""One page-or-fragment rule and one refusal exception, answered the same way everywhere."""

import pytest
from sqlalchemy import select

from portal.errors import Refused
from portal.models import Entidad
from portal.paa import services as paa
from portal.pages import render_page_or_fragment

HTMX = {"HX-Request": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture
def routes(app, make_entidad):
    """Routes that render with the one helper and that let a refusal escape the view."""

    @app.get("/_pagina")
    def pagina():
        return render_page_or_fragment(
            "errors/error.html", "errors/_error.html", status=202, title="Título", message="Mensaje"
        )

    @app.post("/_rechazo")
    def rechazo():
        raise Refused("Ese proceso ya fue publicado: recargue la página.")

    @app.post("/_prohibido")
    def prohibido():
        raise Refused("Solo el supervisor puede aprobar.", 403)

    @app.post("/_a_medias")
    def a_medias():
        make_entidad(nombre="NO DEBE QUEDAR")
        raise Refused("No se pudo.")

    return app


def test_a_plain_request_gets_the_whole_page(routes, client):
    response = client.get("/_pagina")
    assert response.status_code == 202
    assert "<html" in response.text and "Mensaje" in response.text
    assert "HX-Request" in response.vary


def test_htmx_gets_only_the_fragment_the_page_includes(routes, client):
    response = client.get("/_pagina", headers=HTMX)
    assert response.status_code == 202
    assert "<html" not in response.text and "Mensaje" in response.text
    assert "HX-Request" in response.vary


def test_a_history_restore_gets_the_whole_page(routes, client):
    response = client.get("/_pagina", headers=HISTORY_RESTORE)
    assert "<html" in response.text and "HX-Request" in response.vary


def test_an_uncaught_refusal_is_a_spanish_page_with_its_status(routes, client):
    response = client.post("/_rechazo")
    assert response.status_code == 409
    assert "<html" in response.text and 'lang="es-CO"' in response.text
    assert "Acción no permitida" in response.text
    assert "Ese proceso ya fue publicado: recargue la página." in response.text
    assert "HX-Request" in response.vary


def test_an_uncaught_refusal_is_a_fragment_for_htmx(routes, client):
    response = client.post("/_prohibido", headers=HTMX)
    assert response.status_code == 403
    assert "<html" not in response.text
    assert "Acceso no permitido" in response.text
    assert "Solo el supervisor puede aprobar." in response.text
    assert "HX-Request" in response.vary


def test_an_uncaught_refusal_keeps_nothing_the_action_flushed(routes, client, db):
    assert client.post("/_a_medias").status_code == 409
    assert db.session.scalar(select(Entidad).where(Entidad.nombre == "NO DEBE QUEDAR")) is None


def test_domain_rules_refuse_with_the_one_exception(db, make_entidad):
    entidad = make_entidad()
    paa.create_plan(entidad, 2026)
    with pytest.raises(Refused, match="Ya existe el plan de 2026") as refused:
        paa.create_plan(entidad, 2026)
    assert refused.value.status == 409
