"""Password recovery: single-use link valid 30 minutes; every session ends."""

import re

from support import TEST_PASSWORD

from portal.models import Evento

NEW = "Nu3va-clave#segura"


def recovery_link(outbox, to) -> str:
    text = outbox.text(outbox.last(to))
    return re.search(r"http://localhost(/recuperar/\S+)", text).group(1)


def test_recovery_resets_password_and_ends_every_session(
    app, client, make_user, login_as, outbox, db
):
    user = make_user()
    other_device = app.test_client()
    login_as(user=user, client=other_device)
    assert other_device.get("/cuenta").status_code == 200
    page = client.post("/recuperar", data={"usuario": user.email})
    assert "Revise su correo" in page.text
    link = recovery_link(outbox, user.email)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"contrasena": NEW, "confirmar": NEW})
    assert response.headers["Location"] == "/ingresar"
    assert other_device.get("/cuenta").status_code == 302
    assert client.post(link, data={"contrasena": NEW, "confirmar": NEW}).status_code == 404
    assert "contraseña fue restablecida" in outbox.last(user.email)["Subject"]
    assert db.session.query(Evento).filter_by(accion="usuario.contrasena_restablecida").count() == 1
    client.post("/ingresar", data={"usuario": user.usuario, "contrasena": TEST_PASSWORD})
    assert len([m for m in outbox.messages if "Código de ingreso" in m["Subject"]]) == 0
    client.post("/ingresar", data={"usuario": user.usuario, "contrasena": NEW})
    client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert client.get("/cuenta").status_code == 200


def test_unknown_and_known_accounts_get_the_same_page(client, make_user, outbox):
    user = make_user()
    known = client.post("/recuperar", data={"usuario": user.usuario})
    unknown = client.post("/recuperar", data={"usuario": "no-existe@nada.co"})
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text
    assert len(outbox) == 1


def test_link_expires_after_thirty_minutes(client, make_user, outbox, clock):
    user = make_user()
    client.post("/recuperar", data={"usuario": user.usuario})
    link = recovery_link(outbox, user.email)
    clock.advance(minutes=30, seconds=1)
    response = client.get(link)
    assert response.status_code == 404 and "ya no sirve" in response.text
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_new_password_follows_the_rules(client, make_user, outbox):
    user = make_user()
    client.post("/recuperar", data={"usuario": user.usuario})
    link = recovery_link(outbox, user.email)
    response = client.post(link, data={"contrasena": "password", "confirmar": "password"})
    assert "Debe incluir números" in response.text
    assert client.get(link).status_code == 200  # still usable after a rejected try


def test_a_newer_link_replaces_the_older_one(client, make_user, outbox):
    user = make_user()
    client.post("/recuperar", data={"usuario": user.usuario})
    first = recovery_link(outbox, user.email)
    client.post("/recuperar", data={"usuario": user.usuario})
    assert client.get(first).status_code == 404
    assert client.get(recovery_link(outbox, user.email)).status_code == 200


def test_recovery_unlocks_a_locked_account(client, make_user, outbox):
    user = make_user()
    for _ in range(5):
        client.post("/ingresar", data={"usuario": user.usuario, "contrasena": "Mala-99!x"})
    client.post("/recuperar", data={"usuario": user.usuario})
    client.post(recovery_link(outbox, user.email), data={"contrasena": NEW, "confirmar": NEW})
    response = client.post("/ingresar", data={"usuario": user.usuario, "contrasena": NEW})
    assert response.headers["Location"] == "/ingresar/codigo"
