"""A citizen's paths in a real browser: search, filters, pages, expediente, download; JS on and off."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.models import Documento, Proceso


def busiest_process(live_site) -> str:
    statement = (
        select(Proceso.id_del_proceso)
        .join(Documento, Documento.proceso_id == Proceso.id)
        .where(Documento.estado == "publicado")
        .group_by(Proceso.id)
        .order_by(func.count().desc())
        .limit(1)
    )
    return live_site.query(statement)[0][0]


def test_search_as_you_type_swaps_results_and_pushes_the_url(page):
    page.goto("/procesos")
    requests = []
    page.on("request", lambda r: requests.append(r) if "q=" in r.url else None)
    page.fill("#q", "")
    page.type("#q", "servicios", delay=30)
    expect(page).to_have_url(re.compile(r"/procesos\?.*q=servicios"))
    expect(page.locator("#resultados .total")).to_contain_text("proceso")
    # Debounced: one request for the word, not one per key.
    assert 1 <= len(requests) <= 2, [r.url for r in requests]
    assert all(r.headers.get("hx-request") == "true" for r in requests)
    assert page.locator("h1").count() == 1, "el fragmento no debe traer otra página"


def test_filters_and_pagination_with_htmx(page):
    page.goto("/procesos")
    page.click("summary")
    page.select_option("#f-estado", "adjudicado")
    expect(page).to_have_url(re.compile(r"estado=adjudicado"))
    for etiqueta in page.locator("#resultados .lista .etiqueta").all_inner_texts():
        assert etiqueta == "Adjudicado"
    page.select_option("#f-estado", "")
    expect(page).not_to_have_url(re.compile(r"estado=adjudicado"))
    first = page.locator("#resultados .lista li a").first.inner_text()
    page.click("#resultados a[rel=next]")
    expect(page).to_have_url(re.compile(r"pagina=2"))
    expect(page.locator("#resultados .lista li a").first).not_to_have_text(first)
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"pagina=2"))


def test_the_same_search_without_javascript(nojs_page):
    page = nojs_page
    page.goto("/procesos")
    page.fill("#q", "servicios")
    page.click("form.busqueda button[type=submit]")
    expect(page).to_have_url(re.compile(r"q=servicios"))
    expect(page.locator("#resultados .total")).to_contain_text("proceso")
    page.click("summary")
    page.select_option("#f-estado", "adjudicado")
    page.click("form.busqueda button[type=submit]")
    expect(page).to_have_url(re.compile(r"estado=adjudicado"))
    page.goto("/procesos")
    page.click("#resultados a[rel=next]")
    expect(page).to_have_url(re.compile(r"pagina=2"))


@pytest.mark.parametrize("javascript", [True, False], ids=["con-js", "sin-js"])
def test_expediente_and_document_download(request, live_site, javascript):
    page = request.getfixturevalue("page" if javascript else "nojs_page")
    proceso = busiest_process(live_site)
    page.goto("/procesos")
    page.fill("#q", proceso)
    page.press("#q", "Enter")
    page.click(f"#resultados a[href$='/procesos/{proceso}']")
    expect(page).to_have_url(re.compile(re.escape(f"/procesos/{proceso}")))
    expect(page.locator("h1")).to_be_visible()
    with page.expect_download() as info:
        page.locator("a[href*='/documentos/']").first.click()
    download = info.value
    documento_id = int(re.search(r"/documentos/(\d+)/", download.url).group(1))
    sha256 = live_site.query(select(Documento.sha256).where(Documento.id == documento_id))[0][0]
    assert hashlib.sha256(Path(download.path()).read_bytes()).hexdigest() == sha256
    page.locator(f"a[href='/documentos/{documento_id}']").first.click()
    expect(page).to_have_url(re.compile(rf"/documentos/{documento_id}$"))
    expect(page.locator("main")).to_contain_text(sha256)


def test_pages_load_only_from_this_server_without_csp_errors(page, live_site):
    """Everything a page needs comes from the portal and nothing trips the CSP."""
    errors, foreign, failed = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(live_site.url) else foreign.append(r.url))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for url in ("/", f"/procesos/{busiest_process(live_site)}", "/procesos?q=servicios"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.fill("#q", "")
    page.locator("#q").press_sequentially("obra", delay=30)
    expect(page).to_have_url(re.compile(r"q=obra"))
    assert not errors and not foreign and not failed, (errors, foreign, failed)
