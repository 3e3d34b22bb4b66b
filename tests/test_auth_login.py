"""Login in two steps, sessions, timeouts, account choice, logout (issue 3)."""

import pytest
from support import TEST_PASSWORD
from werkzeug.security import generate_password_hash

from portal.models import Acceso, Sesion


def step_one(client, usuario, password=TEST_PASSWORD, **query):
    return client.post(
        "/ingresar", data={"usuario": usuario, "contrasena": password}, query_string=query
    )


def log_in(client, outbox, user, **query):
    """Both steps through HTTP; return the response of the code step."""
    assert step_one(client, user.usuario, **query).headers["Location"] == "/ingresar/codigo"
    return client.post("/ingresar/codigo", data={"codigo": outbox.last_code(user.email)})


def is_logged_in(client) -> bool:
    return client.get("/cuenta").status_code == 200


def test_login_with_password_and_emailed_code_then_logout(client, make_user, outbox, db):
    user = make_user()
    response = step_one(client, user.email.upper())  # correo works too, any case
    assert response.status_code == 302 and response.headers["Location"] == "/ingresar/codigo"
    message = outbox.last(user.email)
    assert "Código de ingreso" in message["Subject"]
    assert message.get_body(("html",)) is not None
    page = client.get("/ingresar/codigo")
    assert "us***@prueba.gov.co" in page.text
    response = client.post("/ingresar/codigo", data={"codigo": outbox.last_code(user.email)})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    home = client.get("/")
    assert user.nombres in home.text and "Salir" in home.text and "Ingresar</a>" not in home.text
    assert client.post("/salir").status_code == 302
    assert not is_logged_in(client)
    tipos = [a.tipo for a in db.session.query(Acceso).order_by(Acceso.id)]
    assert tipos == ["ingreso", "salida"]


def test_demo_users_hashed_with_werkzeug_defaults_can_log_in(client, make_user, outbox):
    user = make_user(password_hash=generate_password_hash("Demo#2026portal"))
    assert step_one(client, user.usuario, "Demo#2026portal").status_code == 302
    client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert is_logged_in(client)


def test_code_is_stored_hashed(client, make_user, outbox, db):
    from portal.models import CodigoVerificacion

    user = make_user()
    step_one(client, user.usuario)
    code = outbox.last_code()
    stored = db.session.query(CodigoVerificacion).one()
    assert code not in (stored.codigo_hash, stored.flujo_hash) and len(stored.codigo_hash) == 64


def test_unknown_account_and_wrong_password_get_the_same_answer(client, make_user, outbox):
    user = make_user()
    unknown = step_one(client, "nadie-con-este-usuario")
    wrong = step_one(client, user.usuario, "Otra-clave-123!")
    unknown_page = unknown.text.replace("nadie-con-este-usuario", "X")
    wrong_page = wrong.text.replace(user.usuario, "X")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown_page == wrong_page
    assert "Usuario o contraseña incorrectos" in unknown.text
    assert len(outbox) == 0


def test_code_expires_after_ten_minutes(client, make_user, outbox, clock):
    user = make_user()
    step_one(client, user.usuario)
    clock.advance(minutes=10, seconds=1)
    response = client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert response.headers["Location"] == "/ingresar"
    assert not is_logged_in(client)


def test_code_still_works_just_before_expiry(client, make_user, outbox, clock):
    user = make_user()
    step_one(client, user.usuario)
    clock.advance(minutes=9, seconds=59)
    client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert is_logged_in(client)


def test_code_cannot_be_reused(client, app, make_user, outbox):
    user = make_user()
    attacker = app.test_client()
    step_one(client, user.usuario)
    with client.session_transaction() as sess:
        flow = dict(sess)
    code = outbox.last_code()
    client.post("/ingresar/codigo", data={"codigo": code})
    with attacker.session_transaction() as sess:
        sess.update(flow)  # same flow token, same code, a second time
    response = attacker.post("/ingresar/codigo", data={"codigo": code})
    assert response.headers["Location"] == "/ingresar"
    assert not is_logged_in(attacker)


def test_sixth_try_fails_even_with_the_right_code(client, make_user, outbox):
    user = make_user()
    step_one(client, user.usuario)
    code = outbox.last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1):
        response = client.post("/ingresar/codigo", data={"codigo": wrong})
        assert f"Le quedan {left} intento" in response.text
    fifth = client.post("/ingresar/codigo", data={"codigo": wrong})
    assert fifth.status_code in (200, 302)
    sixth = client.post("/ingresar/codigo", data={"codigo": code})
    assert sixth.headers["Location"] == "/ingresar"
    assert not is_logged_in(client)


def test_resend_has_a_cooldown_and_replaces_the_code(client, make_user, outbox, clock):
    user = make_user()
    step_one(client, user.usuario)
    first = outbox.last_code()
    response = client.post("/ingresar/reenviar", follow_redirects=True)
    assert "Espere 60 segundos" in response.text and len(outbox) == 1
    clock.advance(seconds=61)
    client.post("/ingresar/reenviar")
    assert len(outbox) == 2
    second = outbox.last_code()
    if first != second:
        assert "no es correcto" in client.post("/ingresar/codigo", data={"codigo": first}).text
    client.post("/ingresar/codigo", data={"codigo": second})
    assert is_logged_in(client)


def test_repeated_failures_lock_the_account_and_email_the_owner(
    client, make_user, outbox, clock, db
):
    user = make_user()
    for _ in range(5):
        step_one(client, user.usuario, "Mala-clave-99!")
    notice = outbox.last(user.email)
    assert "Bloqueamos" in notice["Subject"]
    # Locked: even the right password gets the generic answer and no code.
    assert "Usuario o contraseña incorrectos" in step_one(client, user.usuario).text
    assert len(outbox) == 1
    assert db.session.query(Acceso).filter_by(tipo="bloqueo").count() == 1
    clock.advance(minutes=16)
    assert step_one(client, user.usuario).headers["Location"] == "/ingresar/codigo"


def test_pending_user_with_right_password_is_sent_to_confirm(client, make_user, outbox):
    user = make_user(estado="pendiente")
    response = step_one(client, user.usuario)
    assert response.headers["Location"] == "/registro/confirmar"
    client.post("/registro/confirmar", data={"codigo": outbox.last_code()})
    log_in(client, outbox, user)
    assert is_logged_in(client)


def test_session_fixation_pre_login_session_is_not_reused(client, make_user, outbox):
    user = make_user()
    with client.session_transaction() as sess:
        sess["plantado"] = "por-un-atacante"
    planted_cookie = client.get_cookie("portal_sesion").value
    log_in(client, outbox, user)
    with client.session_transaction() as sess:
        assert "plantado" not in sess
        assert "_user_id" in sess and "_sesion" in sess
    assert client.get_cookie("portal_sesion").value != planted_cookie


def test_two_logins_get_different_session_ids(app, make_user, outbox, db):
    user = make_user()
    first, second = app.test_client(), app.test_client()
    log_in(first, outbox, user)
    log_in(second, outbox, user)
    assert db.session.query(Sesion).count() == 2
    with first.session_transaction() as a, second.session_transaction() as b:
        assert a["_sesion"] != b["_sesion"]


def test_logout_ends_the_session_even_for_a_copied_cookie(app, client, login_as):
    login_as()
    stolen = client.get_cookie("portal_sesion").value
    client.post("/salir")
    thief = app.test_client()
    thief.set_cookie("portal_sesion", stolen)
    assert thief.get("/cuenta").status_code == 302


def test_logout_is_post_only(client, login_as):
    login_as()
    assert client.get("/salir").status_code == 405
    assert is_logged_in(client)


def test_session_cookie_flags(app, make_user, outbox):
    app.config.update(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    user = make_user()
    step_one(client, user.usuario)
    response = client.post(
        "/ingresar/codigo", data={"codigo": outbox.last_code()}, base_url="https://localhost"
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


@pytest.mark.parametrize(
    ("scheme", "secure"), [("https", True), ("http", False)], ids=["https", "http"]
)
def test_secure_cookie_follows_the_preferred_scheme(test_config, scheme, secure):
    from portal import create_app

    app = create_app(test_config | {"PREFERRED_URL_SCHEME": scheme})
    assert app.config["SESSION_COOKIE_SECURE"] is secure


def test_idle_timeout_is_sliding(client, login_as, clock):
    login_as()
    for _ in range(3):
        clock.advance(minutes=25)
        assert is_logged_in(client)
    clock.advance(minutes=31)
    response = client.get("/cuenta")
    assert response.status_code == 302 and response.headers["Location"].startswith("/ingresar")
    assert "Su sesión terminó" in client.get("/ingresar").text


def test_absolute_timeout_ends_even_an_active_session(client, login_as, clock, db):
    login_as()
    for _ in range(16):  # 16 x 29 min = 7 h 44 min of constant activity
        clock.advance(minutes=29)
        assert is_logged_in(client)
    clock.advance(minutes=20)
    assert not is_logged_in(client)
    assert db.session.query(Acceso).filter_by(tipo="vencida").count() == 1


def test_htmx_request_without_session_gets_hx_redirect(client):
    response = client.get(
        "/cuenta/accesos?pagina=2",
        headers={
            "HX-Request": "true",
            "HX-Current-URL": "http://localhost/cuenta/accesos?pagina=1",
        },
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/ingresar?next=/cuenta/accesos?pagina%3D1"
    assert "<form" not in response.text


def test_htmx_request_after_idle_expiry_gets_hx_redirect(client, login_as, clock):
    login_as()
    clock.advance(minutes=45)
    response = client.get("/cuenta/accesos", headers={"HX-Request": "true"})
    assert response.status_code == 401 and response.headers["HX-Redirect"].startswith("/ingresar")
    assert response.text == ""


def test_htmx_redirect_ignores_a_foreign_current_url(client):
    response = client.get(
        "/cuenta/accesos",
        headers={"HX-Request": "true", "HX-Current-URL": "https://evil.example/cuenta"},
    )
    assert response.headers["HX-Redirect"] == "/ingresar"


def test_anonymous_page_request_redirects_to_login_with_next(client):
    response = client.get("/cuenta/datos")
    assert response.status_code == 302
    assert response.headers["Location"] == "/ingresar?next=/cuenta/datos"


def test_returns_to_next_after_login(client, make_user, outbox):
    user = make_user()
    response = log_in(client, outbox, user, next="/cuenta/accesos?pagina=1")
    assert response.headers["Location"] == "/cuenta/accesos?pagina=1"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "https://evil.com",
        "http://evil.com/cuenta",
        "\\\\evil.com",
        "/\\evil.com",
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,hola",
        "evil.com",
        "///evil.com",
        " //evil.com",
        "/\t/evil.com",
    ],
)
def test_open_redirect_attempts_through_next_are_refused(client, make_user, outbox, target):
    user = make_user()
    client.post(
        "/ingresar", data={"usuario": user.usuario, "contrasena": TEST_PASSWORD, "next": target}
    )
    response = client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert response.headers["Location"] == "/"


def test_user_with_several_accounts_chooses_the_active_one(
    client, make_user, outbox, make_entidad, make_proveedor, db
):
    from portal.access import ACTIVE_ACCOUNT_KEY
    from portal.models import Membresia

    user = make_user()
    entidad, proveedor, pendiente = make_entidad(), make_proveedor(), make_entidad()
    db.session.add_all(
        [
            Membresia(usuario=user, cuenta=entidad, rol="comprador", estado="aceptado"),
            Membresia(usuario=user, cuenta=proveedor, rol="proveedor", estado="aceptado"),
            Membresia(usuario=user, cuenta=pendiente, rol="comprador", estado="pendiente"),
        ]
    )
    db.session.commit()
    response = log_in(client, outbox, user, next="/cuenta/datos")
    assert response.headers["Location"] == "/cuenta/elegir?next=/cuenta/datos"
    page = client.get(response.headers["Location"])
    assert entidad.nombre in page.text and proveedor.nombre in page.text
    assert page.text.count('type="radio"') == 2
    chosen = db.session.query(Membresia).filter_by(cuenta_id=proveedor.id).one()
    response = client.post("/cuenta/elegir", data={"membresia": chosen.id, "next": "/cuenta/datos"})
    assert response.headers["Location"] == "/cuenta/datos"
    with client.session_transaction() as sess:
        assert sess[ACTIVE_ACCOUNT_KEY] == chosen.id
    assert proveedor.nombre in client.get("/").text


def test_cannot_choose_someone_elses_membership(client, login_as, make_user, make_entidad, db):
    from portal.models import Membresia

    login_as("comprador")
    stranger, entidad = make_user(), make_entidad()
    other = Membresia(usuario=stranger, cuenta=entidad, rol="administrador", estado="aceptado")
    db.session.add(other)
    db.session.commit()
    response = client.post("/cuenta/elegir", data={"membresia": other.id})
    assert response.status_code == 200 and "Opción inválida" in response.text
    with client.session_transaction() as sess:
        assert sess.get("membresia_activa") != other.id


def test_single_membership_becomes_active_at_login(client, make_user, outbox, make_entidad, db):
    from portal.access import ACTIVE_ACCOUNT_KEY
    from portal.models import Membresia

    user, entidad = make_user(), make_entidad()
    membresia = Membresia(usuario=user, cuenta=entidad, rol="comprador", estado="aceptado")
    db.session.add(membresia)
    db.session.commit()
    assert log_in(client, outbox, user).headers["Location"] == "/"
    with client.session_transaction() as sess:
        assert sess[ACTIVE_ACCOUNT_KEY] == membresia.id


def test_login_as_fixture_gives_a_role_in_an_account(client, login_as):
    user = login_as("proveedor")
    page = client.get("/cuenta")
    assert page.status_code == 200 and user.nombres in page.text and "(activa)" in page.text
