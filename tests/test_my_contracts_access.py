"""Who may do what in Mis contratos: every route of the feature × six kinds of visitor.

One scenario per visitor: each mutating route acts on an object of its own, so the order in
which the routes are tried does not change the answers.
"""

from datetime import date

import pytest
from support import documento_llamado, subir

from portal.models import SolicitudPago

ANON, OTRO_C, CONTRATISTA, OTRO_S, SUPERVISOR, COMPRADOR = (
    "anonimo", "otro_contratista", "contratista", "otro_supervisor", "supervisor", "comprador"
)  # fmt: skip
ACTORES = (ANON, OTRO_C, CONTRATISTA, OTRO_S, SUPERVISOR, COMPRADOR)

# route name -> (method, expected status per actor in ACTORES order); anonymous is always 302.
MATRIZ = {
    "lista":              ("GET",  (302, 200, 200, 403, 403, 403)),
    "supervision":        ("GET",  (302, 200, 200, 200, 200, 200)),
    "seccion":            ("GET",  (302, 403, 200, 403, 200, 200)),
    "documento":          ("GET",  (302, 403, 200, 403, 200, 200)),
    "descargar":          ("GET",  (302, 403, 200, 403, 200, 200)),
    "borrar":             ("POST", (302, 403, 303, 403, 403, 403)),
    "revisar_documento":  ("POST", (302, 403, 403, 403, 303, 403)),
    "nueva_solicitud":    ("GET",  (302, 403, 200, 403, 403, 403)),
    "solicitud":          ("GET",  (302, 403, 200, 403, 200, 200)),
    "enviar_solicitud":   ("POST", (302, 403, 303, 403, 403, 403)),
    "revisar_solicitud":  ("POST", (302, 403, 403, 403, 303, 403)),
    "pagar_solicitud":    ("POST", (302, 403, 403, 403, 303, 303)),
}  # fmt: skip


@pytest.fixture
def mundo(app, db, client, login_as, make_user, make_contrato):
    """The contract with its objects, and a client signed in as each kind of visitor."""
    supervisor = make_user(nombres="Sofía Supervisora")
    contrato = make_contrato(supervisor=supervisor, valor=50_000_000)
    otro = make_contrato(supervisor=make_user())
    clients = {actor: app.test_client() for actor in ACTORES}
    contratista = login_as("proveedor", cuenta=contrato.proveedor, client=clients[CONTRATISTA])
    login_as("proveedor", cuenta=otro.proveedor, client=clients[OTRO_C])
    login_as(user=otro.supervisor, client=clients[OTRO_S])
    login_as(user=supervisor, client=clients[SUPERVISOR])
    login_as("comprador", cuenta=contrato.entidad, client=clients[COMPRADOR])
    for nombre in ("Para borrar.pdf", "Para revisar.pdf", "Factura.pdf"):
        subir(clients[CONTRATISTA], contrato, nombre)
    docs = {
        n: documento_llamado(db, n) for n in ("Para borrar.pdf", "Para revisar.pdf", "Factura.pdf")
    }
    pagos = {
        estado: SolicitudPago(contrato=contrato, numero_factura=f"F-{estado}", fecha_emision=date(2026, 5, 2),
                              valor=1_000_000, estado=estado, creado_por_id=contratista.id,
                              factura_documento_id=docs["Factura.pdf"].id)
        for estado in ("borrador", "enviada", "aprobada")
    }  # fmt: skip
    db.session.add_all(pagos.values())
    db.session.commit()
    base = f"/mis-contratos/{contrato.id_contrato}"
    doc = f"{base}/documentos/{{}}"
    pago = f"{base}/pagos/{{}}"
    urls = {
        "lista": ("/mis-contratos", {}),
        "supervision": ("/supervision", {}),
        "seccion": (f"{base}/ejecucion", {}),
        "documento": (doc.format(docs["Para revisar.pdf"].id), {}),
        "descargar": (doc.format(docs["Para revisar.pdf"].id) + "/descargar", {}),
        "borrar": (doc.format(docs["Para borrar.pdf"].id) + "/borrar", {}),
        "revisar_documento": (
            doc.format(docs["Para revisar.pdf"].id) + "/revisar",
            {"decision": "aprobar"},
        ),
        "nueva_solicitud": (f"{base}/pagos/nueva", {}),
        "solicitud": (pago.format(pagos["enviada"].id), {}),
        "enviar_solicitud": (pago.format(pagos["borrador"].id) + "/enviar", {}),
        "revisar_solicitud": (
            pago.format(pagos["enviada"].id) + "/revisar",
            {"decision": "aprobar"},
        ),
        "pagar_solicitud": (pago.format(pagos["aprobada"].id) + "/pagar", {}),
    }
    return clients, urls, contrato, otro


@pytest.mark.parametrize("actor", ACTORES)
def test_access_matrix(mundo, actor):
    clients, urls, _contrato, _otro = mundo
    got, expected = {}, {}
    for name, (method, statuses) in MATRIZ.items():
        url, data = urls[name]
        response = clients[actor].open(url, method=method, data=data)
        response.close()
        got[name], expected[name] = response.status_code, statuses[ACTORES.index(actor)]
        if actor == ANON:
            assert "/ingresar" in response.headers["Location"], name
    assert got == expected


def test_anonymous_htmx_gets_401_with_hx_redirect(mundo):
    clients, urls, _contrato, _otro = mundo
    for name in ("lista", "seccion", "borrar"):
        url, _ = urls[name]
        method = MATRIZ[name][0]
        response = clients[ANON].open(url, method=method, headers={"HX-Request": "true"})
        assert response.status_code == 401 and "/ingresar" in response.headers["HX-Redirect"], name


def test_lists_show_only_ones_own_contracts(mundo):
    clients, _urls, contrato, otro = mundo
    supervision = clients[OTRO_S].get("/supervision").get_data(as_text=True)
    assert otro.id_contrato in supervision and contrato.id_contrato not in supervision
    mine = clients[OTRO_C].get("/mis-contratos").get_data(as_text=True)
    assert otro.id_contrato in mine and contrato.id_contrato not in mine


def test_ids_of_another_contract_are_not_found_through_ones_own(mundo, db, make_documento):
    clients, _urls, contrato, otro = mundo
    ajeno = make_documento(contrato=otro, etapa="ejecucion", estado="pendiente")
    pago_ajeno = SolicitudPago(contrato=otro, numero_factura="X", fecha_emision=date(2026, 5, 2),
                               valor=5, estado="enviada", creado_por_id=otro.supervisor_id)  # fmt: skip
    db.session.add(pago_ajeno)
    db.session.commit()
    base = f"/mis-contratos/{contrato.id_contrato}"
    c, s = clients[CONTRATISTA], clients[SUPERVISOR]
    assert c.get(f"{base}/documentos/{ajeno.id}/descargar").status_code == 404
    assert c.post(f"{base}/documentos/{ajeno.id}/borrar").status_code == 404
    assert (
        s.post(f"{base}/documentos/{ajeno.id}/revisar", data={"decision": "aprobar"}).status_code
        == 404
    )
    assert (
        s.post(f"{base}/pagos/{pago_ajeno.id}/revisar", data={"decision": "aprobar"}).status_code
        == 404
    )
    assert c.get("/mis-contratos/CO1.PCCNTR.0/general").status_code == 404


def test_only_the_uploader_removes(mundo, db, login_as):
    clients, urls, contrato, _otro = mundo
    colega = clients[OTRO_C]  # re-sign the client as a second member of the same provider account
    login_as("proveedor", cuenta=contrato.proveedor, client=colega)
    response = colega.post(urls["borrar"][0])
    assert response.status_code == 403 and "Solo quien cargó" in response.get_data(as_text=True)
