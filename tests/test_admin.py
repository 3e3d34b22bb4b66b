"""The platform administrator: `flask create-admin`, activation and rejection, who may act."""

import pytest
from sqlalchemy import select
from support import sign_in
from werkzeug.security import check_password_hash

from portal.models import Entidad, Evento, Membresia, User

STRONG = "Adm1n-Plataforma!"


def test_create_admin_with_options(db, runner):
    result = runner.invoke(
        args=["create-admin", "--usuario", "Admin.Portal", "--correo", "ADMIN@portal.gov.co",
              "--nombres", "Ana  Administradora", "--contrasena", STRONG],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.usuario == "admin.portal"))
    assert user.es_admin_plataforma and user.is_active and user.email == "admin@portal.gov.co"
    assert user.nombres == "Ana Administradora"
    assert check_password_hash(user.password_hash, STRONG)
    assert db.session.scalar(select(Evento.accion)) == "usuario.admin_plataforma_creado"


def test_create_admin_asks_with_prompts(db, runner):
    answers = f"root.admin\nroot@portal.gov.co\nRaúl Root\n{STRONG}\n{STRONG}\n"
    result = runner.invoke(args=["create-admin"], input=answers)
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.usuario == "root.admin")).es_admin_plataforma


@pytest.mark.parametrize(
    ("password", "message"),
    [("corta1!", "al menos 8 caracteres"), ("SinSimbolos123", "caracteres especiales")],
)
def test_create_admin_applies_the_password_rules(db, runner, password, message):
    result = runner.invoke(
        args=["create-admin", "--usuario", "admin1", "--correo", "a@portal.gov.co",
              "--nombres", "Ana", "--contrasena", password],
    )  # fmt: skip
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User)) is None


def test_create_admin_refuses_a_taken_user(db, runner, make_user):
    make_user(usuario="admin1")
    result = runner.invoke(
        args=["create-admin", "--usuario", "admin1", "--correo", "otro@portal.gov.co",
              "--nombres", "Ana", "--contrasena", STRONG],
    )  # fmt: skip
    assert result.exit_code != 0 and "ya existe" in result.output


@pytest.fixture
def pending(db, make_entidad, make_user):
    registrant = make_user()
    entidad = make_entidad(estado="pendiente_activacion", registrada_por=registrant)
    db.session.add(
        Membresia(usuario=registrant, cuenta=entidad, rol="administrador", estado="aceptado")
    )
    db.session.commit()
    return entidad


def test_reject_needs_a_reason_and_emails_it(db, client, login_as, make_user, pending, outbox):
    login_as(user=make_user(es_admin_plataforma=True))
    response = client.post(f"/admin/cuentas/{pending.id}/rechazar", data={"motivo": ""})
    assert response.status_code == 422
    assert "Escriba el motivo" in response.get_data(as_text=True)
    motivo = "El RUT adjunto es de otra entidad."
    assert (
        client.post(f"/admin/cuentas/{pending.id}/rechazar", data={"motivo": motivo}).status_code
        == 302
    )
    db.session.refresh(pending)
    assert (pending.estado, pending.motivo_rechazo) == ("rechazada", motivo)
    assert motivo in outbox.text(outbox.last(pending.registrada_por.email))
    again = client.post(f"/admin/cuentas/{pending.id}/activar", follow_redirects=True)
    assert "ya había sido revisada" in again.get_data(as_text=True)
    evento = db.session.scalar(select(Evento).where(Evento.accion == "cuenta.rechazada"))
    assert evento.cambios["estado"] == ["pendiente_activacion", "rechazada"]


# --- Access matrix: routes × roles -------------------------------------------------------

ROLES = ["anonimo", "sin_cuenta", "comprador", "admin_otra", "administrador", "admin_plataforma"]


@pytest.fixture
def world(db, make_entidad, make_user):
    """An active entity (with a pending request) and a pending entity, plus one user per role."""
    entidad, otra = make_entidad(), make_entidad()
    users = {
        role: make_user(es_admin_plataforma=role == "admin_plataforma")
        for role in [*ROLES[1:], "solicitante"]
    }
    memberships = {
        "comprador": Membresia(usuario=users["comprador"], cuenta=entidad, rol="comprador", estado="aceptado"),
        "administrador": Membresia(usuario=users["administrador"], cuenta=entidad, rol="administrador", estado="aceptado"),
        "admin_otra": Membresia(usuario=users["admin_otra"], cuenta=otra, rol="administrador", estado="aceptado"),
    }  # fmt: skip
    solicitud = Membresia(usuario=users["solicitante"], cuenta=entidad, rol="", estado="pendiente")
    db.session.add_all([*memberships.values(), solicitud])
    pendiente = make_entidad(estado="pendiente_activacion")
    db.session.commit()
    return {"entidad": entidad, "pendiente": pendiente, "solicitud": solicitud,
            "users": users, "memberships": memberships}  # fmt: skip


def act_as(client, world, role):
    if role != "anonimo":
        sign_in(client, world["users"][role], world["memberships"].get(role))


ALLOWED = {
    "miembros": {"administrador"},
    "aceptar": {"administrador"},
    "rechazar": {"administrador"},
    "admin_lista": {"admin_plataforma"},
    "admin_detalle": {"admin_plataforma"},
    "admin_activar": {"admin_plataforma"},
}


def request_for(route: str, w) -> tuple[str, str, dict]:
    entidad, solicitud, pendiente = w["entidad"], w["solicitud"], w["pendiente"]
    return {
        "miembros": ("get", f"/cuentas/{entidad.id}/miembros", {}),
        "aceptar": ("post", f"/cuentas/{entidad.id}/miembros/{solicitud.id}/aceptar", {"rol": "comprador"}),
        "rechazar": ("post", f"/cuentas/{entidad.id}/miembros/{solicitud.id}/rechazar", {}),
        "admin_lista": ("get", "/admin/cuentas", {}),
        "admin_detalle": ("get", f"/admin/cuentas/{pendiente.id}", {}),
        "admin_activar": ("post", f"/admin/cuentas/{pendiente.id}/activar", {}),
    }[route]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ALLOWED))
def test_access_matrix(client, world, route, role):
    act_as(client, world, role)
    method, url, data = request_for(route, world)
    response = getattr(client, method)(url, data=data)
    if role == "anonimo":
        assert response.status_code == 302 and "/ingresar" in response.headers["Location"]
    elif role in ALLOWED[route]:
        assert response.status_code in (200, 302)
        assert "/ingresar" not in response.headers.get("Location", "")
    else:
        assert response.status_code == 403


def test_registration_documents_are_private(db, app, world, make_user):
    from portal import storage
    from portal.models import DocumentoCuenta

    stored = storage.save_bytes(b"%PDF-1.4 rut")
    doc = DocumentoCuenta(cuenta=world["pendiente"], tipo="rut", nombre_archivo="rut.pdf",
                          content_type="application/pdf", tamano=stored.size, sha256=stored.sha256)  # fmt: skip
    db.session.add(doc)
    db.session.commit()
    url = f"/cuentas/{world['pendiente'].id}/documentos/{doc.id}"
    for role, expected in [("comprador", 403), ("admin_otra", 403), ("admin_plataforma", 200)]:
        client = app.test_client()
        act_as(client, world, role)
        with client.get(url) as response:
            assert response.status_code == expected
    assert db.session.get(Entidad, world["pendiente"].id).estado == "pendiente_activacion"
