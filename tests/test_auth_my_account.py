"""Mi cuenta: personal data, password and e-mail changes, access history."""

from datetime import UTC, datetime

import pytest
from support import TEST_PASSWORD

from portal.models import Acceso, Evento
from portal.users.passwords import check_secret
from portal.users.useragent import summarize

NEW = "Otr4-clave#nueva"
PROFILE = {
    "nombres": "Pedro Pablo Gómez",
    "tipo_documento": "CE",
    "numero_documento": "E12345",
    "telefono": "3001234567",
    "zona_horaria": "Europe/Madrid",
    "pregunta_seguridad": "¿Cuál fue su primer trabajo?",
    "respuesta_seguridad": "",
}


@pytest.mark.parametrize(
    "path",
    [
        "/cuenta",
        "/cuenta/datos",
        "/cuenta/contrasena",
        "/cuenta/correo",
        "/cuenta/accesos",
        "/cuenta/elegir",
    ],
)
def test_mi_cuenta_pages_need_login(client, login_as, path):
    assert client.get(path).status_code == 302
    login_as("comprador")
    assert client.get(path).status_code == 200


def test_edit_personal_data_is_audited(client, login_as, db):
    user = login_as()
    old_answer = user.respuesta_seguridad_hash
    response = client.post("/cuenta/datos", data=PROFILE)
    assert response.headers["Location"] == "/cuenta"
    db.session.refresh(user)
    assert (user.nombres, user.tipo_documento, user.zona_horaria) == (
        "Pedro Pablo Gómez",
        "CE",
        "Europe/Madrid",
    )
    assert user.respuesta_seguridad_hash == old_answer  # blank keeps the current answer
    evento = db.session.query(Evento).filter_by(accion="usuario.datos_actualizados").one()
    assert evento.cambios["zona_horaria"] == ["America/Bogota", "Europe/Madrid"]
    assert evento.actor_id == user.id


def test_invalid_personal_data_is_kept_with_errors(client, login_as):
    login_as()
    response = client.post("/cuenta/datos", data=PROFILE | {"telefono": "x"})
    assert "Escriba un teléfono" in response.text and "Pedro Pablo Gómez" in response.text


def test_change_password_asks_for_the_current_one(client, login_as, db):
    user = login_as()
    data = {"actual": "no-es-la-mia", "contrasena": NEW, "confirmar": NEW}
    assert (
        "La contraseña actual no es correcta" in client.post("/cuenta/contrasena", data=data).text
    )
    response = client.post("/cuenta/contrasena", data=data | {"actual": TEST_PASSWORD})
    assert response.headers["Location"] == "/cuenta"
    db.session.refresh(user)
    assert check_secret(user.password_hash, NEW)
    assert client.get("/cuenta").status_code == 200  # this browser stays in, on a new session


def test_change_password_ends_other_sessions(app, client, login_as, make_user, outbox):
    user = make_user()
    other = app.test_client()
    login_as(user=user)
    login_as(user=user, client=other)
    client.post(
        "/cuenta/contrasena", data={"actual": TEST_PASSWORD, "contrasena": NEW, "confirmar": NEW}
    )
    assert other.get("/cuenta").status_code == 302
    assert "contraseña cambió" in outbox.last(user.email)["Subject"]


def test_change_email_needs_the_code_sent_to_the_new_address(client, login_as, outbox, db):
    user = login_as()
    old = user.email
    response = client.post(
        "/cuenta/correo", data={"email": "nuevo@entidad.gov.co", "actual": TEST_PASSWORD}
    )
    assert response.headers["Location"] == "/cuenta/correo/confirmar"
    db.session.refresh(user)
    assert user.email == old
    code = outbox.last_code("nuevo@entidad.gov.co")
    response = client.post("/cuenta/correo/confirmar", data={"codigo": code})
    assert response.headers["Location"] == "/cuenta"
    db.session.refresh(user)
    assert user.email == "nuevo@entidad.gov.co"
    assert "correo cambió" in outbox.last(old)["Subject"]


def test_change_email_rejects_taken_and_wrong_password(client, login_as, make_user):
    taken = make_user()
    login_as()
    response = client.post("/cuenta/correo", data={"email": taken.email, "actual": TEST_PASSWORD})
    assert "ya pertenece a otro usuario" in response.text
    response = client.post("/cuenta/correo", data={"email": "libre@x.gov.co", "actual": "mala"})
    assert "La contraseña actual no es correcta" in response.text


def test_access_history_in_the_users_time_zone_paginated(client, login_as, db):
    user = login_as(zona_horaria="Europe/Madrid")
    for minute in range(25):
        db.session.add(
            Acceso(
                usuario_id=user.id,
                tipo="fallido",
                ip="190.24.1.9",
                navegador="Firefox 128 en Windows",
                creado_en=datetime(2026, 1, 10, 14, minute, tzinfo=UTC),
            )
        )
    db.session.commit()
    page = client.get("/cuenta/accesos")
    assert "26 registros" in page.text and "Siguiente" in page.text
    second = client.get("/cuenta/accesos?pagina=2", headers={"HX-Request": "true"})
    assert "<html" not in second.text and "HX-Request" in second.headers["Vary"]
    assert "10/01/2026 03:00:00 p. m." in second.text  # 14:00 UTC is 15:00 in Madrid
    assert "Intento fallido" in second.text and "190.24.1.9" in second.text


@pytest.mark.parametrize(
    ("agent", "summary"),
    [
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128 en Windows"),
        ("Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome 126 en Android"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", "Edge 126 en Windows"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari 17 en iPhone"),
        ("", "Desconocido"),
    ],
)  # fmt: skip
def test_user_agent_summary(agent, summary):
    assert summarize(agent) == summary


def test_login_records_ip_and_browser(client, make_user, outbox, db):
    user = make_user()
    headers = {
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    }
    client.post(
        "/ingresar", data={"usuario": user.usuario, "contrasena": TEST_PASSWORD}, headers=headers
    )
    client.post("/ingresar/codigo", data={"codigo": outbox.last_code()}, headers=headers)
    acceso = db.session.query(Acceso).filter_by(tipo="ingreso").one()
    assert (acceso.ip, acceso.navegador) == ("127.0.0.1", "Firefox 128 en Linux")
