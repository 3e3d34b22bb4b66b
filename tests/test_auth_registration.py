"""Registration with the SECOP II fields and rules, then the e-mailed confirmation code."""

import pytest

from portal.models import Evento, User
from portal.users.passwords import check_secret, normalize_answer, password_problems

GOOD = {
    "nombres": "María Fernanda  Rojas Pérez",
    "tipo_documento": "CC",
    "numero_documento": "1020304050",
    "email": "MFRojas@Alcaldia.gov.co",
    "telefono": "+57 601 555 0101",
    "usuario": "mfrojas",
    "contrasena": "Zq7#vias-terciarias",
    "confirmar": "Zq7#vias-terciarias",
    "zona_horaria": "America/Bogota",
    "pregunta_seguridad": "¿Cuál es el nombre de su primera mascota?",
    "respuesta_seguridad": "  Firulais ",
    "acepta_terminos": "y",
}


def register(client, **changes):
    return client.post("/registro", data=GOOD | changes)


def test_registration_form_shows_the_secop_fields_and_default_zone(client):
    page = client.get("/registro").text
    for label in ("Nombres y apellidos", "Tipo de documento", "Número de documento", "Correo electrónico",
                  "Teléfono", "Usuario", "Contraseña", "Zona horaria", "Pregunta de seguridad",
                  "Respuesta de seguridad", "términos de uso"):  # fmt: skip
        assert label in page
    assert (
        '<option selected value="America/Bogota">(UTC-05:00) Bogotá, Lima, Quito</option>' in page
    )


def test_register_confirm_then_log_in(client, db, outbox):
    response = register(client)
    assert response.headers["Location"] == "/registro/confirmar"
    user = db.session.query(User).one()
    assert (user.estado, user.usuario, user.email) == (
        "pendiente",
        "mfrojas",
        "mfrojas@alcaldia.gov.co",
    )
    assert user.nombres == "María Fernanda Rojas Pérez"
    assert user.terminos_aceptados_en is not None
    assert check_secret(user.respuesta_seguridad_hash, normalize_answer("FIRULAIS"))
    assert "Firulais" not in user.respuesta_seguridad_hash
    message = outbox.last("mfrojas@alcaldia.gov.co")
    assert "confirmar su registro" in message["Subject"] and "mfrojas" in outbox.text(message)
    response = client.post("/registro/confirmar", data={"codigo": outbox.last_code()})
    assert response.headers["Location"] == "/ingresar"
    db.session.refresh(user)
    assert user.estado == "activo" and user.email_confirmado_en is not None
    acciones = {e.accion for e in db.session.query(Evento)}
    assert {"usuario.registrado", "usuario.confirmado"} <= acciones
    client.post("/ingresar", data={"usuario": "mfrojas", "contrasena": GOOD["contrasena"]})
    client.post("/ingresar/codigo", data={"codigo": outbox.last_code()})
    assert client.get("/cuenta").status_code == 200


def test_pending_user_cannot_skip_confirmation(client, outbox):
    register(client)
    client.post("/ingresar", data={"usuario": "mfrojas", "contrasena": GOOD["contrasena"]})
    assert client.get("/cuenta").status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("usuario", "MFROJAS", "Este usuario ya está registrado"),
        ("email", "mfrojas@ALCALDIA.gov.co", "Ya hay un usuario registrado con este correo"),
    ],
)
def test_taken_usuario_or_correo_gets_a_clear_message(client, db, field, value, message):
    register(client)
    other = {"usuario": "otro.usuario", "email": "otra@alcaldia.gov.co"} | {field: value}
    response = client.post("/registro", data=GOOD | other)
    assert response.status_code == 200 and message in response.text
    assert db.session.query(User).count() == 1


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1#", "al menos 8 caracteres"),
        ("12345678#", "Debe incluir letras"),
        ("Abcdefgh#", "Debe incluir números"),
        ("Abcdefg123", "caracteres especiales"),
        ("Colombia123*", "más usadas"),
        ("P@ssw0rd", "más usadas"),
        ("mfrojas#2026", "No debe contener su usuario"),
    ],
)
def test_password_rules(client, db, password, message):
    response = register(client, contrasena=password, confirmar=password)
    assert message in response.text
    assert db.session.query(User).count() == 0


def test_password_rules_accept_a_strong_password():
    assert password_problems("Zq7#vias-terciarias", usuario="mfrojas") == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"acepta_terminos": ""}, "Debe aceptar los términos de uso"),
        ({"confirmar": "otra-cosa-9!"}, "Las contraseñas no coinciden"),
        ({"email": "no-es-correo"}, "Escriba un correo válido"),
        ({"telefono": "abc"}, "Escriba un teléfono"),
        ({"usuario": "ñandú"}, "Use de 4 a 60 letras sin tilde"),
        ({"zona_horaria": "Marte/Olympus"}, "Opción inválida"),
        ({"nombres": ""}, "Este campo es obligatorio"),
    ],
)
def test_invalid_registration_data_gets_spanish_errors_and_keeps_the_input(
    client, db, changes, message
):
    response = register(client, **changes)
    assert response.status_code == 200 and message in response.text
    assert 'value="1020304050"' in response.text  # nothing typed is lost
    assert db.session.query(User).count() == 0


def test_wrong_confirmation_code_counts_tries(client, outbox):
    register(client)
    code = outbox.last_code()
    wrong = f"{(int(code) + 7) % 1_000_000:06d}"
    assert "Le quedan 4 intentos" in client.post("/registro/confirmar", data={"codigo": wrong}).text
    assert (
        "Escriba los 6 dígitos" in client.post("/registro/confirmar", data={"codigo": "12ab"}).text
    )


def test_confirmation_resend_has_a_cooldown(client, outbox, clock):
    register(client)
    first = outbox.last_code()
    assert "Espere" in client.post("/registro/reenviar", follow_redirects=True).text
    assert len(outbox) == 1
    clock.advance(minutes=1, seconds=1)
    client.post("/registro/reenviar")
    assert len(outbox) == 2
    if first != outbox.last_code():
        assert "no es correcto" in client.post("/registro/confirmar", data={"codigo": first}).text
    client.post("/registro/confirmar", data={"codigo": outbox.last_code()})
    assert "activo" in client.get("/ingresar").text


def test_terms_page_exists(client):
    assert "Ley 1581 de 2012" in client.get("/terminos-de-uso").text
