"""The platform administrator: `flask create-admin`, activation and rejection, who may act."""

import io

import pytest
from sqlalchemy import select
from support import sign_in
from werkzeug.security import check_password_hash

from portal.models import DocumentoCuenta, Entidad, Evento, Membresia, User

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
    importada = make_entidad()  # from SECOP II: active, without members
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
    # Nobody administers the imported entity yet, so the platform answers its requests.
    huerfana = Membresia(usuario=users["solicitante"], cuenta=importada, rol="", estado="pendiente")
    db.session.add_all([*memberships.values(), solicitud, huerfana])
    pendiente = make_entidad(estado="pendiente_activacion")
    db.session.commit()
    return {"entidad": entidad, "pendiente": pendiente, "solicitud": solicitud,
            "huerfana": huerfana, "users": users, "memberships": memberships}  # fmt: skip


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
    "admin_solicitudes": {"admin_plataforma"},
    "admin_primer_administrador": {"admin_plataforma"},
    "admin_rechazar_solicitud": {"admin_plataforma"},
}


def request_for(route: str, w) -> tuple[str, str, dict]:
    entidad, solicitud, pendiente = w["entidad"], w["solicitud"], w["pendiente"]
    huerfana = w["huerfana"].id
    return {
        "miembros": ("get", f"/cuentas/{entidad.id}/miembros", {}),
        "aceptar": ("post", f"/cuentas/{entidad.id}/miembros/{solicitud.id}/aceptar", {"rol": "comprador"}),
        "rechazar": ("post", f"/cuentas/{entidad.id}/miembros/{solicitud.id}/rechazar", {}),
        "admin_lista": ("get", "/admin/cuentas", {}),
        "admin_detalle": ("get", f"/admin/cuentas/{pendiente.id}", {}),
        "admin_activar": ("post", f"/admin/cuentas/{pendiente.id}/activar", {}),
        "admin_solicitudes": ("get", "/admin/solicitudes", {}),
        "admin_primer_administrador": ("post", f"/admin/solicitudes/{huerfana}/aceptar", {}),
        "admin_rechazar_solicitud": ("post", f"/admin/solicitudes/{huerfana}/rechazar",
                                     {f"solicitud-{huerfana}-motivo": "No trabaja en la entidad."}),
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


# --- Accounts without an Administrador ---------------------------------------------------


def test_the_platform_names_the_first_administrator_of_an_imported_entity(
    app, db, client, login_as, make_entidad, make_user, outbox
):
    entidad = make_entidad(nombre="MUNICIPIO DE TURBACO")  # imported: active, no members
    admin = make_user(es_admin_plataforma=True)
    db.session.commit()
    ana = login_as()
    # The page offers the request with the authorisation it needs, and refuses it without.
    found = client.get("/cuentas/buscar?q=turbaco").get_data(as_text=True)
    assert "primer Administrador" in found and 'name="autorizacion"' in found
    refused = client.post(f"/cuentas/{entidad.id}/solicitar", follow_redirects=True)
    assert "adjunte el documento de autorización" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Membresia).where(Membresia.usuario_id == ana.id)) is None
    evidence = {"autorizacion": (io.BytesIO(b"%PDF-1.4 autorizacion firmada"), "autorizacion.pdf")}
    page = client.post(f"/cuentas/{entidad.id}/solicitar", data=evidence, follow_redirects=True)
    assert "todavía no tiene Administrador" in page.get_data(as_text=True)
    aviso = outbox.text(outbox.last(admin.email))
    assert "MUNICIPIO DE TURBACO" in aviso and "/admin/solicitudes" in aviso

    login_as(user=admin)
    listed = client.get("/admin/solicitudes").get_data(as_text=True)
    assert ana.nombres in listed and ana.numero_documento in listed
    documento = db.session.scalar(
        select(DocumentoCuenta).where(DocumentoCuenta.cuenta_id == entidad.id)
    )
    assert (
        documento.membresia.usuario_id == ana.id and documento.tipo == "autorizacion_administrador"
    )
    with client.get(f"/cuentas/{entidad.id}/documentos/{documento.id}") as descarga:
        assert descarga.status_code == 200 and descarga.data.startswith(b"%PDF")
    assert "1 solicitud de acceso" in client.get("/admin/cuentas").get_data(as_text=True)
    solicitud = db.session.scalar(select(Membresia).where(Membresia.usuario_id == ana.id))
    accepted = client.post(f"/admin/solicitudes/{solicitud.id}/aceptar", follow_redirects=True)
    assert "es ahora Administrador de MUNICIPIO DE TURBACO" in accepted.get_data(as_text=True)
    assert "No hay solicitudes" in accepted.get_data(as_text=True)
    db.session.refresh(solicitud)
    assert (solicitud.estado, solicitud.rol, solicitud.decidido_por_id) == (
        "aceptado", "administrador", admin.id,
    )  # fmt: skip
    assert "aceptada" in outbox.last(ana.email)["Subject"]

    # From now on the account answers its own requests: the platform stays out.
    beto = make_user()
    db.session.add(Membresia(usuario=beto, cuenta=entidad, rol="", estado="pendiente"))
    db.session.commit()
    assert beto.nombres not in client.get("/admin/solicitudes").get_data(as_text=True)
    otra = db.session.scalar(select(Membresia).where(Membresia.usuario_id == beto.id))
    refused = client.post(f"/admin/solicitudes/{otra.id}/aceptar", follow_redirects=True)
    assert "ya tiene Administrador" in refused.get_data(as_text=True)
    db.session.refresh(otra)
    assert otra.estado == "pendiente"


def test_a_request_to_an_administered_account_goes_to_its_administrators(
    db, client, login_as, make_entidad, make_user, outbox
):
    entidad = make_entidad()
    jefe = make_user()
    admin = make_user(es_admin_plataforma=True)
    db.session.add(Membresia(usuario=jefe, cuenta=entidad, rol="administrador", estado="aceptado"))
    db.session.commit()
    login_as()
    page = client.post(f"/cuentas/{entidad.id}/solicitar", follow_redirects=True)
    assert "Avise al Administrador" in page.get_data(as_text=True)
    assert [m["To"] for m in outbox.messages] == [jefe.email]
    assert admin.email not in [m["To"] for m in outbox.messages]


def test_rejecting_a_request_needs_a_reason_and_sends_it(
    db, client, login_as, make_entidad, make_user, outbox
):
    ana, entidad = make_user(), make_entidad()
    solicitud = Membresia(usuario=ana, cuenta=entidad, rol="", estado="pendiente")
    db.session.add(solicitud)
    db.session.commit()
    login_as(user=make_user(es_admin_plataforma=True))
    field = f"solicitud-{solicitud.id}-motivo"
    empty = client.post(f"/admin/solicitudes/{solicitud.id}/rechazar", data={field: ""})
    assert empty.status_code == 422 and "Escriba el motivo" in empty.get_data(as_text=True)
    motivo = "La entidad informa que usted no trabaja en la oficina de contratación."
    client.post(f"/admin/solicitudes/{solicitud.id}/rechazar", data={field: motivo})
    db.session.refresh(solicitud)
    assert (solicitud.estado, solicitud.mensaje) == ("rechazado", motivo)
    assert motivo in outbox.text(outbox.last(ana.email))


def test_a_first_administrator_request_refuses_a_file_that_is_not_a_document(
    db, client, login_as, make_entidad
):
    entidad = make_entidad()
    db.session.commit()
    ana = login_as()
    bad = {"autorizacion": (io.BytesIO(b"MZ\x90\x00 ejecutable"), "autorizacion.exe")}
    page = client.post(f"/cuentas/{entidad.id}/solicitar", data=bad, follow_redirects=True)
    assert page.status_code == 200 and "aviso-error" in page.get_data(as_text=True)
    assert db.session.scalar(select(Membresia).where(Membresia.usuario_id == ana.id)) is None
    assert db.session.scalar(select(DocumentoCuenta)) is None
