"""CSRF stays ON here: forms need the token, htmx sends it in the X-CSRFToken header."""

import re

import pytest


@pytest.fixture
def test_config(test_config):
    return test_config | {"WTF_CSRF_ENABLED": True}


def token_from(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def test_login_post_without_token_is_refused_in_spanish(client, make_user, outbox):
    user = make_user()
    response = client.post("/ingresar", data={"usuario": user.usuario, "contrasena": "x"})
    assert response.status_code == 400 and "El formulario venció" in response.text
    assert len(outbox) == 0


def test_login_with_the_form_token_works(client, make_user, outbox):
    from support import TEST_PASSWORD

    user = make_user()
    token = token_from(client.get("/ingresar").text)
    response = client.post(
        "/ingresar",
        data={"usuario": user.usuario, "contrasena": TEST_PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"] == "/ingresar/codigo"


def test_logout_needs_the_token_and_accepts_it_in_the_htmx_header(client, login_as):
    login_as()
    assert client.post("/salir").status_code == 400
    assert client.get("/cuenta").status_code == 200
    page = client.get("/cuenta").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)  # the nav's logout form
    response = client.post("/salir", headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 302
    assert client.get("/cuenta").status_code == 302
