"""PAA: import of the SECOP II export, item editing, versions, public view and search, access."""

import csv
import io
import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import func, select
from support import sign_in

from portal.models import Evento, ItemPlan, Membresia, PlanAnual, VersionPlan
from portal.paa import importer
from portal.paa.importer import COLUMNS, read_paa
from portal.paa.values import money

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


def test_money_beyond_any_budget_is_explained():
    result = read_paa(
        paa_csv([row("80111600", "Valor con dígitos de más", valor="9" * 20)]), "890480184"
    )
    assert result.items == []
    assert "demasiado grande" in result.problems[0][1]


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


# --- Excel (.xlsx) as SECOP II exports it ---------------------------------------------------


def paa_xlsx(rows, title="Adquisiciones", header=True, sheets_before=()) -> bytes:
    """A workbook whose ``title`` sheet has the entity's data above the table, as SECOP II's."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, sheet_rows in sheets_before:
        other = workbook.create_sheet(name)
        for cells in sheet_rows:
            other.append(cells)
    sheet = workbook.create_sheet(title)
    sheet.append(["Plan Anual de Adquisiciones"])
    sheet.append(["Nombre de la entidad", "ALCALDIA DE PRUEBA"])
    sheet.append(["NIT", 890480184])
    sheet.append([])
    if header:
        sheet.append(HEADER)  # row 5: items start at row 6
    for cells in rows:
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


XLSX_ROWS = [  # cells typed as Excel keeps them: numbers, a date, a formula
    row(80111600, "Prestar servicios profesionales de abogado", valor=89662254, duracion=12),
    row("80111600;80111601", "Apoyo a la gestión contractual", mes=datetime(2026, 3, 1),
        valor=1234567.5),
    row(72141100, "Mantenimiento de vías terciarias", valor=1250000000.0, vigencia="=I8"),
    row("8011", "Código corto"),
    row(80111600, "Mes que no existe", mes="Trece"),
]  # fmt: skip


def draft_items(db) -> list[ItemPlan]:
    query = select(ItemPlan).where(ItemPlan.version_id.is_(None)).order_by(ItemPlan.id)
    return list(db.session.scalars(query))


def test_import_the_excel_workbook_of_secop(db, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    older_plan = ("Plan 2025", [HEADER, row("80111600", "Adquisición del plan del año pasado")])
    data = paa_xlsx(XLSX_ROWS, sheets_before=[older_plan])
    response = upload(client, entidad, data, "AdquisicionesPAA_275036_1.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Leímos 5 filas: 3 quedaron en el borrador" in page
    assert "Fila 9: El código UNSPSC «8011»" in page and "Fila 10: «Trece» no es un mes" in page
    items = draft_items(db)  # the «Adquisiciones» sheet, not the first one with a header
    assert [i.codigos_unspsc for i in items] == ["80111600", "80111600;80111601", "72141100"]
    assert [i.mes_inicio for i in items] == [1, 3, 1]
    assert [i.valor_total for i in items] == [89662254, 1234568, 1_250_000_000]
    assert items[0].duracion == 12
    assert items[2].valor_vigencia == 1_250_000_000  # the formula is not evaluated: no value


def test_the_first_sheet_with_the_header_when_none_is_adquisiciones(db, client, entity):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    instructions = ("Instrucciones", [["Diligencie la hoja siguiente"], ["Código UNSPSC"]])
    data = paa_xlsx(XLSX_ROWS[:2], title="Hoja1", sheets_before=[instructions])
    assert upload(client, entidad, data, "plan.xlsx").status_code == 200
    assert len(draft_items(db)) == 2


def test_what_openpyxl_skips_does_not_stop_the_import(db, client, entity):
    """Excel saves the drop-down lists of the export as an extension openpyxl warns about."""
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    extension = (
        b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.'
        b'microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="0"/></ext>'
        b"</extLst></worksheet>"
    )
    with zipfile.ZipFile(io.BytesIO(paa_xlsx(XLSX_ROWS[:3]))) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</worksheet>", extension)
    assert upload(client, entidad, zip_of(**parts), "plan.xlsx").status_code == 200
    assert len(draft_items(db)) == 3


@pytest.mark.parametrize(
    ("value", "key", "text"),
    [(None, None, ""), (80111600, None, "80111600"), (85354692.0, None, "85354692"),
     (0.1 + 0.2, None, "0.3"), (1.5e-7, None, "0.00000015"), (2.5e20, None, "250000000000000000000"),
     (1234567.5, "valor_total", "1234568"), (1_000_000.45, "valor_vigencia", "1000000"),
     (123.456, "valor_total", "123"), (datetime(2026, 3, 1), "mes_inicio", "Marzo"),
     (date(2026, 11, 30), "mes_ofertas", "Noviembre"), (date(2026, 3, 1), None, "01/03/2026"),
     (datetime(2026, 3, 1, 14, 30), "ubicacion", "01/03/2026 14:30"), (True, None, "Sí"),
     (" Meses ", "duracion_unidad", " Meses ")],
)  # fmt: skip
def test_excel_cells_read_as_the_text_of_the_csv(value, key, text):
    assert importer._excel_text(value, key) == text


def zip_of(**files: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"PK\x03\x04" + b"roto" * 100, "plan.xlsx", "está dañado o no es un libro .xlsx"),
        (zip_of(**{"notas.txt": b"hola"}), "plan.xlsx", "está dañado o no es un libro .xlsx"),
        (OLE + "Workbook".encode("utf-16-le"), "plan.xls", "Excel 97-2003 (.xls)"),
        (OLE + "Workbook".encode("utf-16-le"), "plan.xlsx", "Excel 97-2003 (.xls)"),
        (OLE + "EncryptionInfo".encode("utf-16-le"), "plan.xlsx", "protegido con contraseña"),
        (paa_xlsx(XLSX_ROWS, header=False), "plan.xlsx", "No encontramos la fila de títulos"),
        (b"PAA", "plan.ods", "en Excel (.xlsx) o CSV (.csv)"),
    ],
)
def test_bad_workbooks_are_explained_and_the_draft_is_kept(db, client, entity, data, name, message):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    upload(client, entidad, paa_csv(GOOD))
    before = [(i.id, i.descripcion) for i in draft_items(db)]
    response = upload(client, entidad, data, name)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert [(i.id, i.descripcion) for i in draft_items(db)] == before and len(before) == 3


def test_limits_of_size_and_rows(db, app, client, entity, monkeypatch):
    entidad, memberships = entity
    sign_in(client, memberships["administrador"].usuario, memberships["administrador"])
    data = paa_xlsx(XLSX_ROWS)

    def refusal() -> str:
        response = upload(client, entidad, data, "plan.xlsx")
        assert response.status_code == 422
        return response.get_data(as_text=True)

    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", len(data) - 1)
    assert "supera el tamaño máximo" in refusal()
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", len(data))
    monkeypatch.setattr(importer, "MAX_XLSX_UNZIPPED_BYTES", 2_000)  # as a zip bomb would
    assert "demasiado grande al descomprimirlo" in refusal()
    monkeypatch.undo()
    monkeypatch.setattr(importer, "MAX_ROWS", 4)
    assert "más de 20.000 adquisiciones" in refusal()
    assert draft_items(db) == []


@pytest.mark.secop_raw
def test_a_real_plan_reads_the_same_from_excel_and_csv(shared_data):
    """No real .xlsx export in ../shared: rebuild one entity's from its rows, numbers as numbers."""
    path = next(shared_data.glob("paa_SECOPII_*.csv"))
    with path.open(encoding="utf-8", newline="") as source:
        rows = [r[4:] for r in csv.reader(source) if r[2] == "900514813"]
    as_numbers = [[int(c) if c.isdigit() else c for c in cells] for cells in rows]
    from_csv = read_paa(paa_csv(rows), "900514813")
    from_xlsx = read_paa(paa_xlsx(as_numbers), "900514813")
    assert from_xlsx.items == from_csv.items and len(from_xlsx.items) >= 425
    assert [text for _, text in from_xlsx.problems] == [text for _, text in from_csv.problems]


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
