"""PAA: import of the SECOP II export, item editing, versions, public view and search, access."""

import csv
import io

import pytest
from sqlalchemy import func, select
from support import sign_in

from portal.blueprints.paa.importer import COLUMNS, read_paa
from portal.blueprints.paa.values import money
from portal.models import Evento, ItemPlan, Membresia, PlanAnual, VersionPlan

LEY_2046 = (
    "¿Debe cumplir con invertir mínimo el 30% de los recursos del presupuesto destinados a comprar "
    "alimentos, cumpliendo con lo establecido en la Ley 2046 de 2020, reglamentada por el Decreto "
    "248 de 2021?"
)
HEADER = [*list(COLUMNS)[:14], LEY_2046, list(COLUMNS)[14]]


def row(codes, descripcion, mes="Enero", valor="89662254", **extra) -> list[str]:
    cells = {
        "codes": codes, "descripcion": descripcion, "mes": mes, "ofertas": "Febrero",
        "duracion": "12", "unidad": "Meses", "modalidad": "Contratación directa.",
        "fuente": "Presupuesto de entidad nacional", "valor": valor, "vigencia": valor,
        "vf": "No", "estado_vf": "", "unidad_c": "GRUPO DE GESTIÓN CONTRACTUAL",
        "ubicacion": "Distrito Capital de Bogotá - Bogotá", "ley": "No", "distinto": "-",
    } | extra  # fmt: skip
    return list(cells.values())


def paa_csv(rows, delimiter=",", preamble=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    if preamble:  # SECOP II puts the entity's data above the table
        writer.writerow(["Plan Anual de Adquisiciones", "ALCALDIA DE PRUEBA"])
        writer.writerow([])
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


GOOD = [
    row("80111600", "Prestar servicios profesionales de abogado a la Oficina Jurídica"),
    row("80111600;80111601", "Apoyo a la gestión contractual de la entidad", mes="Marzo"),
    row("72141100", "Mantenimiento de vías terciarias del municipio", valor="1.250.000.000"),
]
BAD = [
    row("8011", "Código corto"),
    row("80111600", "Mes que no existe", mes="Trece"),
    row("80111600", "Valor con letras", valor="ochenta millones"),
]


@pytest.mark.parametrize(
    ("text", "pesos"),
    [("89662254", 89662254), ("89.662.254", 89662254), ("$ 89,662,254", 89662254),
     ("1.234.567,50", 1234568), ("1500.4", 1500)],
)  # fmt: skip
def test_money_in_the_ways_people_write_it(text, pesos):
    assert money(text) == pesos


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_read_paa_explains_bad_rows(delimiter):
    result = read_paa(paa_csv(GOOD + BAD, delimiter), "890480184")
    assert len(result.items) == 3 and result.rows_read == 6
    assert result.items[1]["codigos_unspsc"] == "80111600;80111601"
    assert result.items[1]["mes_inicio"] == 3
    assert result.items[2]["valor_total"] == 1_250_000_000
    lines = dict(result.problems)
    assert "«8011» no tiene 8 dígitos" in lines[7]
    assert "«Trece» no es un mes" in lines[8]
    assert "no es un valor en pesos" in lines[9]


@pytest.fixture
def entity(db, make_entidad, make_user):
    entidad = make_entidad(nit="890480184")
    admin, comprador = make_user(), make_user()
    memberships = {
        "administrador": Membresia(usuario=admin, cuenta=entidad, rol="administrador", estado="aceptado"),
        "comprador": Membresia(usuario=comprador, cuenta=entidad, rol="comprador", estado="aceptado"),
    }  # fmt: skip
    db.session.add_all(memberships.values())
    db.session.add(PlanAnual(entidad=entidad, vigencia=2026))
    db.session.commit()
    return entidad, memberships


def upload(client, entidad, data: bytes, name="AdquisicionesPAA.csv"):
    return client.post(
        f"/cuentas/{entidad.id}/paa/2026/importar",
        data={"archivo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_import_publish_versions_and_public_search(db, app, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    response = upload(client, entidad, paa_csv(GOOD + BAD))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "3 quedaron en el borrador" in page and "Línea 8" in page and "«Trece» no es un mes" in page
    )
    # Not public before publication, nor linked from the entity's public page.
    assert app.test_client().get("/entidades/890480184/paa/2026").status_code == 404
    assert "/paa/2026" not in app.test_client().get("/entidades/890480184").get_data(as_text=True)

    assert (
        client.post(
            f"/cuentas/{entidad.id}/paa/2026/publicar", data={"nota": "Plan inicial"}
        ).status_code
        == 302
    )
    public = app.test_client()
    ficha = public.get("/entidades/890480184").get_data(as_text=True)
    assert 'href="/entidades/890480184/paa/2026"' in ficha
    page = public.get("/entidades/890480184/paa/2026").get_data(as_text=True)
    assert "Versión 1" in page and "$ 1.250.000.000" in page and "3 adquisiciones" in page

    # Edit the draft: the public view keeps version 1 until the next publication.
    item = db.session.scalar(
        select(ItemPlan).where(ItemPlan.version_id.is_(None), ItemPlan.codigos_unspsc == "72141100")
    )
    form = {"codigos_unspsc": "72141100", "descripcion": "Mantenimiento de vías terciarias y puentes",
            "mes_inicio": "4", "mes_ofertas": "", "duracion": "6", "duracion_unidad": "Meses",
            "modalidad": "Licitación pública (Obra pública)", "fuente_recursos": "Regalías",
            "valor_total": "900.000.000", "valor_vigencia": "", "requiere_vigencias_futuras": "No",
            "estado_vigencias_futuras": "", "unidad_contratacion": "SECRETARÍA DE INFRAESTRUCTURA",
            "ubicacion": "Bolívar - Cartagena"}  # fmt: skip
    assert (
        client.post(f"/cuentas/{entidad.id}/paa/2026/items/{item.id}", data=form).status_code == 302
    )
    assert "$ 1.250.000.000" in public.get("/entidades/890480184/paa/2026").get_data(as_text=True)
    client.post(f"/cuentas/{entidad.id}/paa/2026/publicar", data={"nota": "Ajuste de obra"})

    page = public.get("/entidades/890480184/paa/2026").get_data(as_text=True)
    assert "Versión 2" in page and "$ 900.000.000" in page and "puentes" in page
    old = public.get("/entidades/890480184/paa/2026?version=1").get_data(as_text=True)
    assert "$ 1.250.000.000" in old and "no es la versión vigente" in old
    assert db.session.scalar(select(func.count(VersionPlan.id))) == 2

    # Search by description without accents, by code prefix; the htmx fragment is the table.
    found = public.get("/entidades/890480184/paa/2026?q=vias+terciarias").get_data(as_text=True)
    assert "1 adquisiciones" in found and "puentes" in found
    assert "2 adquisiciones" in public.get("/entidades/890480184/paa/2026?q=801116").get_data(
        as_text=True
    )
    fragment = public.get("/entidades/890480184/paa/2026?q=abogado", headers={"HX-Request": "true"})
    assert fragment.get_data(as_text=True).lstrip().startswith('<div id="paa-items">')
    assert "HX-Request" in fragment.headers["Vary"]
    published = db.session.scalars(select(Evento).where(Evento.accion == "paa.publicado")).all()
    assert len(published) == 2 and all(e.publico for e in published)
    assert published[1].cambios["valor_total"] == [
        1_339_662_254 + 89_662_254,
        89_662_254 * 2 + 900_000_000,
    ]


def test_the_item_form_explains_with_the_import_rules(db, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["comprador"].usuario, memberships["comprador"])
    response = client.post(
        f"/cuentas/{entidad.id}/paa/2026/items/nuevo",
        data={"codigos_unspsc": "801116", "descripcion": "Aseo de las sedes", "mes_inicio": "2",
              "modalidad": "Mínima cuantía", "fuente_recursos": "Recursos propios",
              "valor_total": "doce", "requiere_vigencias_futuras": "No"},
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert "«801116» no tiene 8 dígitos" in page and "no es un valor en pesos" in page
    assert db.session.scalar(select(ItemPlan)) is None


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"solo texto\nsin titulos\n", "plan.csv", "No encontramos la fila de títulos"),
        (b"PK\x03\x04", "plan.xlsx", "como CSV"),
        (b"", "", "Elija el archivo"),
    ],
)
def test_bad_files_are_explained(db, client, entity, data, name, message):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    response = upload(client, entidad, data, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)


def test_publishing_an_empty_plan_is_refused(db, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    response = client.post(f"/cuentas/{entidad.id}/paa/2026/publicar", follow_redirects=True)
    assert "no tiene adquisiciones" in response.get_data(as_text=True)


@pytest.mark.secop_raw
def test_import_the_real_stacked_paa_file(db, client, entity, shared_data):
    entidad, memberships = entity
    entidad.nit = "900514813"  # Colombia Compra Eficiente, one of the 21 entities of the file
    db.session.commit()
    path = next(shared_data.glob("paa_SECOPII_*.csv"))
    result = read_paa(path.read_bytes(), "900514813")
    assert result.rows_read == 430 and len(result.items) + len(result.problems) == 430
    assert len(result.items) >= 425
    # Upload only this entity's rows (header kept): the stacked file's filter is checked above.
    lines = path.read_bytes().splitlines(keepends=True)
    own = [lines[0], *(line for line in lines[1:] if b",900514813," in line)]
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    assert upload(client, entidad, b"".join(own), path.name).status_code == 200
    client.post(f"/cuentas/{entidad.id}/paa/2026/publicar")
    page = client.get("/entidades/900514813/paa/2026?q=acuerdo+marco").get_data(as_text=True)
    assert "acuerdos marco" in page.lower()


# --- Access matrix -----------------------------------------------------------------------

ROLES = ["anonimo", "sin_cuenta", "comprador", "admin_otra", "administrador", "admin_plataforma"]
EDITORS, ADMINS = {"comprador", "administrador"}, {"administrador"}
ROUTES = {
    "planes": ("get", "/cuentas/{id}/paa", {}, EDITORS),
    "borrador": ("get", "/cuentas/{id}/paa/2026", {}, EDITORS),
    "nuevo_item": ("get", "/cuentas/{id}/paa/2026/items/nuevo", {}, EDITORS),
    "importar": ("post", "/cuentas/{id}/paa/2026/importar", {}, ADMINS),
    "publicar": ("post", "/cuentas/{id}/paa/2026/publicar", {}, ADMINS),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(ROUTES))
def test_access_matrix(db, client, entity, make_entidad, make_user, route, role):
    entidad, memberships = entity
    if role == "admin_otra":
        otra = make_entidad()
        user = make_user()
        membresia = Membresia(usuario=user, cuenta=otra, rol="administrador", estado="aceptado")
        db.session.add(membresia)
        sign_in(client, user, membresia)
    elif role in memberships:
        sign_in(client, memberships[role].usuario, memberships[role])
    elif role != "anonimo":
        sign_in(client, make_user(es_admin_plataforma=role == "admin_plataforma"))
    method, url, data, allowed = ROUTES[route]
    response = getattr(client, method)(url.format(id=entidad.id), data=data)
    if role == "anonimo":
        assert response.status_code == 302 and "/ingresar" in response.headers["Location"]
    elif role in allowed:
        assert response.status_code in (200, 302, 422)
    else:
        assert response.status_code == 403


def test_a_pending_entity_cannot_manage_its_paa(db, client, login_as, make_entidad):
    entidad = make_entidad(estado="pendiente_activacion")
    login_as("administrador", cuenta=entidad)
    response = client.get(f"/cuentas/{entidad.id}/paa")
    assert response.status_code == 403 and "pendiente de activación" in response.get_data(
        as_text=True
    )


def test_management_and_public_pages_render(db, app, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    upload(client, entidad, paa_csv(GOOD))
    client.post(f"/cuentas/{entidad.id}/paa/2026/publicar")
    item = db.session.scalar(select(ItemPlan).where(ItemPlan.version_id.is_(None)))
    edit = client.get(f"/cuentas/{entidad.id}/paa/2026/items/{item.id}").get_data(as_text=True)
    assert "Prestar servicios profesionales de abogado" in edit and 'value="89662254"' in edit
    assert "2026" in client.get(f"/cuentas/{entidad.id}/paa").get_data(as_text=True)
    years = app.test_client().get("/entidades/890480184/paa").get_data(as_text=True)
    assert "versión 1" in years and "3 adquisiciones" in years
    assert app.test_client().get("/entidades/890480184/paa/2026?version=9").status_code == 404
