"""Who may do what in contract management: a matrix of routes × roles.

Each role is one test (building the app costs more than all its requests); the assertion compares
the whole row, so a failure shows every route whose answer differs.
"""

import io

import pytest
from support import sign_in

from portal.contracts import breaches, modifications
from portal.models import Membresia

OK, PROHIBIDO, INGRESAR = "ok", 403, "ingresar"
ENTIDAD = ("comprador", "administrador")
ROLES = (
    "anonimo",
    "sin_membresia",
    "comprador_otra_entidad",
    "comprador",
    "administrador",
    "contratista",
    "otro_contratista",
    "supervisor",
)


@pytest.fixture
def escenario(db, partes, make_documento, make_entidad, make_proveedor, make_user):
    """A contract with a modification sent to the contractor and a breach, plus outsiders."""
    contrato = partes.contrato
    modificacion = modifications.create(
        contrato, partes.comprador, tipo="otra", descripcion="Cambio del cronograma"
    )
    documento = make_documento(
        contrato=contrato, proceso=contrato.proceso, etapa="ejecucion", tipo="modificacion",
        estado="borrador",
    )  # fmt: skip
    modifications.attach_document(modificacion, documento, partes.comprador)
    modifications.send(modificacion, partes.comprador)
    incumplimiento = breaches.register(
        contrato, partes.comprador, tipo="multa", descripcion="Retraso en la entrega",
        fecha=contrato.fecha_fin.date(), acto_administrativo="Resolución 1", valor_sancion=None,
        estado="en_tramite",
    )  # fmt: skip
    personas = {
        "comprador": (partes.comprador, partes.membresias[partes.comprador.id]),
        "administrador": (partes.administrador, partes.membresias[partes.administrador.id]),
        "contratista": (partes.contratista, partes.membresias[partes.contratista.id]),
        "supervisor": (partes.supervisor, None),
        "sin_membresia": (make_user(), None),
    }
    for rol, cuenta, rol_cuenta in (
        ("comprador_otra_entidad", make_entidad(), "comprador"),
        ("otro_contratista", make_proveedor(), "proveedor"),
    ):
        user = make_user()
        membresia = Membresia(usuario=user, cuenta=cuenta, rol=rol_cuenta, estado="aceptado")
        db.session.add(membresia)
        personas[rol] = (user, membresia)
    db.session.commit()
    return contrato, modificacion, incumplimiento, personas


def routes(contrato, modificacion, incumplimiento):
    """(method, url, data, who may) in an order where mutations cannot hide later answers."""
    base = f"/entidad/contratos/{contrato.id_contrato}"
    mod = f"{base}/modificaciones/{modificacion.id}"
    inc = f"{base}/incumplimientos/{incumplimiento.id}"
    mia = f"/mis-contratos/{contrato.id_contrato}/modificaciones/{modificacion.id}"
    archivo = {"archivo": (io.BytesIO(b"%PDF-1.4 x"), "acta.pdf")}
    return [
        ("GET", "/entidad/contratos", None, "entidad_activa"),
        ("GET", "/entidad/contratos/por-cerrar", None, "entidad_activa"),
        ("GET", base, None, ENTIDAD),
        ("GET", f"{base}/modificaciones/nueva", None, ENTIDAD),
        ("GET", mod, None, ENTIDAD),
        ("GET", f"{mod}/documento", None, ENTIDAD),
        ("GET", f"{base}/incumplimientos/nuevo", None, ENTIDAD),
        ("GET", inc, None, ENTIDAD),
        ("GET", f"{base}/liquidacion", None, ENTIDAD),
        ("GET", f"{base}/cierre", None, ENTIDAD),
        ("GET", mia, None, ("contratista",)),
        ("GET", f"{mia}/documento", None, ("contratista",)),
        ("POST", f"{mia}/rechazar", {"motivo": ""}, ("contratista",)),
        ("POST", f"{mia}/aprobar", {}, ("contratista",)),
        ("POST", f"{base}/modificaciones/nueva", {"tipo": "otra"}, ENTIDAD),
        ("POST", f"{mod}/enviar", {}, ENTIDAD),
        ("POST", f"{mod}/publicar", {}, ENTIDAD),
        ("POST", f"{base}/incumplimientos/nuevo", {"tipo": "multa"}, ENTIDAD),
        ("POST", f"{inc}/estado", {"estado": "archivado", "nota": "Se archiva"}, ENTIDAD),
        ("POST", f"{base}/liquidacion/requiere", {"motivo": ""}, ENTIDAD),
        ("POST", f"{base}/liquidacion", archivo, ENTIDAD),
        ("POST", f"{base}/cierre", {}, ENTIDAD),
        ("POST", f"{mod}/anular", {}, ENTIDAD),
    ]


def expected(rol: str, who) -> object:
    if rol == "anonimo":
        return INGRESAR
    if who == "entidad_activa":  # the lists show the entity the user acts for now
        return OK if rol in (*ENTIDAD, "comprador_otra_entidad") else PROHIBIDO
    return OK if rol in who else PROHIBIDO


def outcome(response) -> object:
    if response.status_code == 302 and "/ingresar" in response.headers["Location"]:
        return INGRESAR
    if response.status_code in (403, 404):
        return response.status_code
    assert response.status_code < 500, response.get_data(as_text=True)
    return OK


@pytest.mark.parametrize("rol", ROLES)
def test_access_matrix(app, client, escenario, rol):
    contrato, modificacion, incumplimiento, personas = escenario
    if rol != "anonimo":
        sign_in(client, *personas[rol])
    want, got = {}, {}
    for method, url, data, who in routes(contrato, modificacion, incumplimiento):
        kwargs = {"data": data, "content_type": "multipart/form-data"} if method == "POST" else {}
        response = client.open(url, method=method, **kwargs)
        response.close()
        key = f"{method} {url}"
        want[key], got[key] = expected(rol, who), outcome(response)
    assert got == want


def test_other_entity_does_not_see_this_contract_in_its_lists(app, client, escenario):
    contrato, _modificacion, _incumplimiento, personas = escenario
    sign_in(client, *personas["comprador_otra_entidad"])
    for url in ("/entidad/contratos", "/entidad/contratos/por-cerrar"):
        assert contrato.id_contrato not in client.get(url).get_data(as_text=True)
    sign_in(client, *personas["comprador"])
    assert contrato.referencia in client.get("/entidad/contratos").get_data(as_text=True)


def test_upload_purposes_refuse_outsiders(app, client, escenario):
    """The generic upload endpoint applies the same rule as the pages."""
    contrato, modificacion, incumplimiento, personas = escenario
    for rol in ("contratista", "supervisor", "comprador_otra_entidad"):
        sign_in(client, *personas[rol])
        for proposito, extra in (
            ("documento_incumplimiento", {"incumplimiento_id": str(incumplimiento.id)}),
            ("acta_liquidacion", {}),
            ("constancia_cierre", {}),
        ):
            data = {"proposito": proposito, "contrato_id": str(contrato.id), **extra}
            data["archivo"] = (io.BytesIO(b"%PDF-1.4 x"), "x.pdf")
            response = client.post(
                "/subidas/formulario", data=data, content_type="multipart/form-data"
            )
            assert response.status_code == 403, (rol, proposito)
    # The entity's own people pass, but not for a modification already sent.
    sign_in(client, *personas["comprador"])
    data = {
        "proposito": "documento_modificacion",
        "contrato_id": str(contrato.id),
        "modificacion_id": str(modificacion.id),
        "archivo": (io.BytesIO(b"%PDF-1.4 x"), "x.pdf"),
    }
    assert (
        client.post(
            "/subidas/formulario", data=data, content_type="multipart/form-data"
        ).status_code
        == 403
    )
