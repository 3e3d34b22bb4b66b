"""axe-core in Chromium: the main pages have no serious or critical accessibility violations."""

import pytest
from sqlalchemy import select

from portal.models import Contrato, Entidad, Proceso

GRAVES = {"serious", "critical"}


def main_pages(live_site) -> list[str]:
    proceso = live_site.query(
        select(Proceso.id_del_proceso).where(Proceso.estado != "borrador").limit(1)
    )
    contrato = live_site.query(
        select(Contrato.id_contrato).where(Contrato.estado != "borrador").limit(1)
    )
    nit = live_site.query(select(Entidad.nit).limit(1))
    return [
        "/",
        "/procesos",
        "/procesos?q=servicios&estado=adjudicado",
        f"/procesos/{proceso[0][0]}",
        f"/contratos/{contrato[0][0]}",
        f"/entidades/{nit[0][0]}",
        "/verificar",
        "/ingresar",
        "/registro",
    ]


def violations(page, axe_source: str) -> list[str]:
    page.add_script_tag(content=axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in GRAVES
    ]


@pytest.fixture
def axe_page(chromium, live_site):
    # add_script_tag injects inline code, which our CSP forbids; axe runs with it bypassed.
    context = chromium.new_context(base_url=live_site.url, locale="es-CO", bypass_csp=True)
    yield context.new_page()
    context.close()


def test_public_pages_pass_axe(axe_page, live_site, axe_source):
    found = {}
    for url in main_pages(live_site):
        axe_page.goto(url)
        found[url] = violations(axe_page, axe_source)
    assert not any(found.values()), {url: v for url, v in found.items() if v}


def test_upload_page_passes_axe(axe_page, live_site, login, axe_source):
    login(axe_page)
    contrato_id, _ = live_site.contractor_contract()
    axe_page.goto(f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato_id}")
    assert violations(axe_page, axe_source) == []


def test_the_check_catches_a_real_violation(axe_page, axe_source):
    """Guard against a harness that passes everything: an unlabeled field must be reported."""
    axe_page.set_content(
        '<html lang="es"><title>x</title><main><form><input type="text"></form></main></html>'
    )
    assert any(v.startswith("label ") for v in violations(axe_page, axe_source))
