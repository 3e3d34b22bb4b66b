"""Accounts of entities and providers: registration, activation, access requests, members."""

import io

import pytest
from sqlalchemy import select
from support import sign_in

from portal.accounts import names
from portal.models import DocumentoCuenta, Entidad, Evento, Membresia, Proveedor

PDF = b"%PDF-1.4 documento de registro"
REQUIRED_DOCS = ("acto_creacion", "acta_posesion", "autorizacion_administrador", "rut")


def entity_form(**overrides) -> dict:
    data = {
        "nombre": "Alcaldía Municipal de San Juan-Nepomuceno.",
        "nit": "890.480.184",
        "orden": "Territorial",
        "rama": "Ejecutivo",
        "sector": "Hacienda y Crédito Público",
        "tipo_entidad": "Alcaldía",
        "departamento": "Bolívar",
        "ciudad": "San Juan Nepomuceno",
        "direccion": "Calle 10 # 5-20",
        "telefono": "6056880000",
        "correo": "Contratacion@SanJuan.gov.co",
    }
    for key in REQUIRED_DOCS:
        data[key] = (io.BytesIO(PDF + key.encode()), f"{key}.pdf")
    return data | overrides


def register_entity(client, **overrides):
    return client.post(
        "/cuentas/registrar/entidad",
        data=entity_form(**overrides),
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Alcaldía Municipal de San Juan-Nepomuceno.",
            "ALCALDIA MUNICIPAL DE SAN JUAN - NEPOMUCENO",
        ),
        ("E.S.E. Hospital  Niño Jesús", "ESE HOSPITAL NIÑO JESUS"),
        ("gobernación del cesar / secretaría", "GOBERNACION DEL CESAR SECRETARIA"),
    ],
)
def test_entity_names_are_written_as_the_guide_asks(raw, expected):
    assert names.entity_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("890480184-4", "sin el dígito de verificación"),
        ("89048O184", "solo números"),
        ("1234567", "entre 8 y 10 dígitos"),
    ],
)
def test_bad_nits_are_explained(raw, message):
    with pytest.raises(names.InvalidValue, match=message):
        names.nit(raw)


def test_entity_registration_activation_request_and_switch(
    app, db, client, login_as, make_user, outbox
):
    registrant = login_as()
    response = register_entity(client)
    assert response.status_code == 302
    entidad = db.session.scalar(select(Entidad).where(Entidad.nit == "890480184"))
    assert entidad.nombre == "ALCALDIA MUNICIPAL DE SAN JUAN - NEPOMUCENO"
    assert entidad.estado == "pendiente_activacion"
    assert entidad.correo == "contratacion@sanjuan.gov.co"
    assert {d.tipo for d in db.session.scalars(select(DocumentoCuenta))} == set(REQUIRED_DOCS)
    admin_membership = db.session.scalar(select(Membresia).where(Membresia.cuenta_id == entidad.id))
    assert (admin_membership.rol, admin_membership.estado) == ("administrador", "aceptado")
    assert "pendiente de activación" in outbox.text(outbox.last(registrant.email))
    page = client.get("/cuentas/mis-registros").get_data(as_text=True)
    assert "Cuenta pendiente de activación" in page

    # A pending account receives no requests and does not appear in the search.
    other = client.application.test_client()
    requester = login_as(client=other)
    assert "SAN JUAN" not in other.get("/cuentas/buscar?q=890480184").get_data(as_text=True)

    platform = app.test_client()
    login_as(client=platform, user=make_user(es_admin_plataforma=True))
    assert entidad.nombre in platform.get("/admin/cuentas").get_data(as_text=True)
    detail = platform.get(f"/admin/cuentas/{entidad.id}").get_data(as_text=True)
    assert "Documento de autorización del usuario administrador" in detail
    document = db.session.scalar(select(DocumentoCuenta).where(DocumentoCuenta.tipo == "rut"))
    with platform.get(f"/cuentas/{entidad.id}/documentos/{document.id}") as download:
        assert download.status_code == 200 and download.data == PDF + b"rut"
    assert platform.post(f"/admin/cuentas/{entidad.id}/activar").status_code == 302
    db.session.refresh(entidad)
    assert entidad.estado == "activa"
    assert "quedó activa" in outbox.text(outbox.last(registrant.email))

    found = other.get("/cuentas/buscar?q=890480184").get_data(as_text=True)
    assert entidad.nombre in found
    assert other.post(f"/cuentas/{entidad.id}/solicitar").status_code == 302
    request_ = db.session.scalar(select(Membresia).where(Membresia.usuario_id == requester.id))
    assert request_.estado == "pendiente"
    assert requester.nombres in outbox.text(outbox.last(registrant.email))
    assert "Pendiente" in other.get("/cuentas/mis-registros").get_data(as_text=True)

    members = client.get(f"/cuentas/{entidad.id}/miembros").get_data(as_text=True)
    assert requester.nombres in members
    response = client.post(
        f"/cuentas/{entidad.id}/miembros/{request_.id}/aceptar", data={"rol": "comprador"}
    )
    assert response.status_code == 302
    db.session.refresh(request_)
    assert (request_.rol, request_.estado) == ("comprador", "aceptado")
    assert "aceptada con el rol Comprador" in outbox.text(outbox.last(requester.email))
    assert "Aceptado" in other.get("/cuentas/mis-registros").get_data(as_text=True)

    response = other.post("/cuenta/elegir", data={"membresia": request_.id})
    assert response.status_code == 302
    assert entidad.nombre in other.get("/cuenta").get_data(as_text=True)
    acciones = set(db.session.scalars(select(Evento.accion)))
    assert {
        "cuenta.registrada",
        "cuenta.activada",
        "membresia.solicitada",
        "membresia.aceptada",
    } <= acciones


def test_registration_form_errors_store_nothing(db, client, login_as):
    login_as()
    bad = entity_form(nit="890480184-4", telefono="12")
    bad["rut"] = (io.BytesIO(b"MZ\x90\x00programa"), "rut.pdf")
    bad["acta_posesion"] = (io.BytesIO(b"texto"), "acta.txt")
    del bad["acto_creacion"]
    response = client.post(
        "/cuentas/registrar/entidad", data=bad, content_type="multipart/form-data"
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "sin el dígito de verificación" in page
    assert "no corresponde a un archivo .pdf" in page or "programa ejecutable" in page
    assert "No se aceptan archivos con extensión .txt" in page
    assert "Adjunte este documento" in page
    assert db.session.scalar(select(Entidad)) is None
    assert db.session.scalar(select(DocumentoCuenta)) is None


def test_an_existing_nit_is_sent_to_request_access(db, client, login_as, make_entidad):
    make_entidad(nit="890480184", nombre="ALCALDIA DE SAN JUAN")
    login_as()
    page = register_entity(client).get_data(as_text=True)
    assert "Ya existe la cuenta «ALCALDIA DE SAN JUAN»" in page
    assert (
        db.session.scalar(select(Entidad).where(Entidad.estado == "pendiente_activacion")) is None
    )


def test_provider_registration_is_active_at_once(db, client, login_as):
    user = login_as()
    response = client.post(
        "/cuentas/registrar/proveedor",
        data={
            "tipo_persona": "plural",
            "nombre": "Consorcio Vías del Sur",
            "tipo_documento": "NIT",
            "numero_documento": "901.234.567",
            "departamento": "Nariño",
            "ciudad": "Pasto",
            "direccion": "Cra 24 # 18-40",
            "telefono": "3001234567",
            "correo": "consorcio@vias.co",
        },
    )
    assert response.status_code == 302
    proveedor = db.session.scalar(select(Proveedor))
    assert (proveedor.estado, proveedor.numero_documento, proveedor.tipo_persona) == (
        "activa",
        "901234567",
        "plural",
    )
    membresia = db.session.scalar(select(Membresia).where(Membresia.usuario_id == user.id))
    assert (membresia.rol, membresia.estado) == ("administrador", "aceptado")


def test_legal_person_needs_a_nit(db, client, login_as):
    login_as()
    page = client.post(
        "/cuentas/registrar/proveedor",
        data={"tipo_persona": "juridica", "nombre": "Empresa SAS", "tipo_documento": "CC",
              "numero_documento": "1234567", "departamento": "Meta", "ciudad": "Villavicencio",
              "direccion": "Calle 1", "telefono": "3001234567", "correo": "a@b.co"},
    ).get_data(as_text=True)  # fmt: skip
    assert "se registran con su NIT" in page
    assert db.session.scalar(select(Proveedor)) is None


@pytest.fixture
def account(db, make_entidad, make_user):
    """An active entity with one Administrador (``admin``) and a pending request (``request``)."""
    entidad = make_entidad()
    admin = make_user()
    requester = make_user()
    admin_m = Membresia(usuario=admin, cuenta=entidad, rol="administrador", estado="aceptado")
    pending = Membresia(usuario=requester, cuenta=entidad, rol="", estado="pendiente")
    db.session.add_all([admin_m, pending])
    db.session.commit()
    return {"entidad": entidad, "admin": admin, "admin_m": admin_m, "requester": requester,
            "request": pending}  # fmt: skip


def test_the_last_administrator_cannot_leave(db, client, account, make_user):
    entidad, admin_m = account["entidad"], account["admin_m"]
    sign_in(client, account["admin"], admin_m)
    base = f"/cuentas/{entidad.id}/miembros/{admin_m.id}"
    response = client.post(f"{base}/rol", data={"rol": "comprador"}, follow_redirects=True)
    assert "al menos un Usuario Administrador" in response.get_data(as_text=True)
    response = client.post(f"{base}/desactivar", follow_redirects=True)
    assert "al menos un Usuario Administrador" in response.get_data(as_text=True)
    db.session.refresh(admin_m)
    assert (admin_m.rol, admin_m.estado) == ("administrador", "aceptado")

    second = Membresia(usuario=make_user(), cuenta=entidad, rol="administrador", estado="aceptado")
    db.session.add(second)
    db.session.commit()
    assert client.post(f"{base}/rol", data={"rol": "comprador"}).status_code == 302
    db.session.refresh(admin_m)
    assert admin_m.rol == "comprador"
    evento = db.session.scalar(select(Evento).where(Evento.accion == "membresia.rol_cambiado"))
    assert evento.cambios == {"rol": ["administrador", "comprador"]}


def test_reject_and_cancel_show_in_mis_registros(app, db, client, account, outbox, make_entidad):
    entidad, request_ = account["entidad"], account["request"]
    sign_in(client, account["admin"], account["admin_m"])
    client.post(
        f"/cuentas/{entidad.id}/miembros/{request_.id}/rechazar",
        data={"motivo": "No trabaja en la entidad"},
    )
    db.session.refresh(request_)
    assert request_.estado == "rechazado"
    assert "No trabaja en la entidad" in outbox.text(outbox.last(account["requester"].email))

    other = app.test_client()
    sign_in(other, account["requester"])
    page = other.get("/cuentas/mis-registros").get_data(as_text=True)
    assert "Rechazado" in page and "No trabaja en la entidad" in page
    again = make_entidad()  # without Administrador: the request carries its authorisation

    def evidence():
        return {"autorizacion": (io.BytesIO(PDF), "autorizacion.pdf")}

    other.post(f"/cuentas/{again.id}/solicitar", data=evidence())
    twice = other.post(f"/cuentas/{again.id}/solicitar", data=evidence(), follow_redirects=True)
    assert "Ya tiene una solicitud pendiente" in twice.get_data(as_text=True)
    pending = db.session.scalar(
        select(Membresia).where(Membresia.cuenta_id == again.id, Membresia.estado == "pendiente")
    )
    assert other.post(f"/cuentas/solicitudes/{pending.id}/cancelar").status_code == 302
    db.session.refresh(pending)
    assert pending.estado == "cancelado"
    assert "Cancelado" in other.get("/cuentas/mis-registros").get_data(as_text=True)
    # Someone else's request cannot be cancelled.
    assert client.post(f"/cuentas/solicitudes/{pending.id}/cancelar").status_code == 403


def test_a_deactivated_member_loses_access(app, db, client, account, make_user):
    entidad = account["entidad"]
    comprador = make_user()
    membresia = Membresia(usuario=comprador, cuenta=entidad, rol="comprador", estado="aceptado")
    db.session.add(membresia)
    db.session.commit()
    member_client = app.test_client()
    sign_in(member_client, comprador, membresia)
    assert member_client.get(f"/cuentas/{entidad.id}/paa").status_code == 200
    sign_in(client, account["admin"], account["admin_m"])
    client.post(f"/cuentas/{entidad.id}/miembros/{membresia.id}/desactivar")
    db.session.refresh(membresia)
    assert membresia.estado == "desactivado"
    assert member_client.get(f"/cuentas/{entidad.id}/paa").status_code == 403


def test_a_role_outside_the_account_kind_is_refused(db, client, account):
    entidad, request_ = account["entidad"], account["request"]
    sign_in(client, account["admin"], account["admin_m"])
    response = client.post(
        f"/cuentas/{entidad.id}/miembros/{request_.id}/aceptar",
        data={"rol": "proveedor"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    db.session.refresh(request_)
    assert request_.estado == "pendiente"


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/cuentas/registrar", "Registrar una Entidad Estatal"),
        ("/cuentas/registrar/entidad", "Acta de posesión del ordenador del gasto"),
        ("/cuentas/registrar/proveedor", "Proponente plural"),
        ("/cuentas/buscar", "Nombre completo de la cuenta o número de NIT"),
        ("/cuentas/mis-registros", "Nuevo registro"),
    ],
)
def test_pages_render(client, login_as, url, text):
    login_as()
    response = client.get(url)
    assert response.status_code == 200 and text in response.get_data(as_text=True)
