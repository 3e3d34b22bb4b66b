"""Page-weight budgets: every public page, measured as served (gzip) over a seeded demo.

A citizen on a slow phone pays for every byte; these budgets are the promise. Each test asks
the real app for the real page with ``Accept-Encoding: gzip`` and counts the bytes it sends.
"""

import gzip
import re

import pytest
from sqlalchemy import func, select

from portal import create_app, demo, search
from portal.config import self_contained
from portal.extensions import db
from portal.models import Contrato, Documento, Entidad, Proceso

KB = 1024
HTML_BUDGET = 14 * KB
CSS_BUDGET = 8 * KB
FRAGMENT_BUDGET = 8 * KB
FIRST_SEARCH_VISIT_BUDGET = 30 * KB
GZIP = {"Accept-Encoding": "gzip"}
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="(/static/[^"]+)"')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A portal with 60 demo processes (with their expedientes) and its search index."""
    folder = tmp_path_factory.mktemp("peso")
    app = create_app(self_contained(folder, TESTING=True, SECRET_KEY="test-secret"))
    with app.app_context():
        db.create_all()
        demo.generate(processes=60)
        search.reindex()
        yield app
        db.session.remove()
        db.engine.dispose()


def public_urls(app) -> dict[str, str]:
    """One URL per public page, chosen from the seeded data (the busiest expediente)."""
    with app.app_context():
        busiest = db.session.execute(
            select(Proceso.id_del_proceso)
            .join(Documento, Documento.proceso_id == Proceso.id)
            .group_by(Proceso.id)
            .order_by(func.count().desc())
            .limit(1)
        ).scalar_one()
        contrato = db.session.scalars(
            select(Contrato.id_contrato).where(Contrato.estado != "borrador").limit(1)
        ).one()
        nit = db.session.scalars(select(Entidad.nit).limit(1)).one()
    return {
        "inicio": "/",
        "procesos": "/procesos",
        "expediente": f"/procesos/{busiest}",
        "contrato": f"/contratos/{contrato}",
        "entidad": f"/entidades/{nit}",
        "verificar": "/verificar",
        "ingresar": "/ingresar",
        "registro": "/registro",
    }


def served(client, url: str, headers: dict | None = None) -> bytes:
    """The body exactly as sent to a browser that accepts gzip (and nothing better)."""
    response = client.get(url, headers=GZIP | (headers or {}))
    assert response.status_code == 200, url
    if response.mimetype.startswith("text/") or len(response.data) > 1024:
        assert response.headers.get("Content-Encoding") == "gzip", url
    return response.data


def test_every_public_page_fits_in_14_kb_compressed(site):
    client = site.test_client()
    sizes = {name: len(served(client, url)) for name, url in public_urls(site).items()}
    too_big = {name: size for name, size in sizes.items() if size > HTML_BUDGET}
    assert not too_big, f"Páginas sobre {HTML_BUDGET} bytes comprimidos: {too_big}"


def test_search_page_shows_twenty_results(site):
    """The budget is measured on a full page of results, not on an empty one."""
    body = gzip.decompress(served(site.test_client(), "/procesos")).decode()
    lista = body.split('<ul class="lista">', 1)[1].split("</ul>", 1)[0]
    assert lista.count("<li>") == 20


def test_stylesheet_fits_in_8_kb_compressed(site):
    client = site.test_client()
    page = gzip.decompress(served(client, "/"))
    css = [url for url in ASSET.findall(page.decode()) if ".css" in url]
    assert css, "la página no enlaza la hoja de estilos"
    assert sum(len(served(client, url.replace("&amp;", "&"))) for url in css) <= CSS_BUDGET


def test_first_visit_to_search_fits_in_30_kb(site):
    """HTML, CSS, htmx and every other script of the search page, all gzip as served."""
    client = site.test_client()
    page = served(client, "/procesos?q=mantenimiento")
    assets = ASSET.findall(gzip.decompress(page).decode())
    assert any("htmx" in url for url in assets)
    total = len(page) + sum(len(served(client, url.replace("&amp;", "&"))) for url in assets)
    assert total <= FIRST_SEARCH_VISIT_BUDGET, f"{total} bytes en la primera visita"


def test_search_fragment_fits_in_8_kb(site):
    client = site.test_client()
    fragment = served(client, "/procesos?q=servicios", {"HX-Request": "true"})
    text = gzip.decompress(fragment)
    assert b"<html" not in text, "htmx debe recibir solo el fragmento"
    assert len(fragment) <= FRAGMENT_BUDGET


def test_no_page_carries_inline_code_or_third_party_assets(site):
    """What the CSP forbids must not be in the pages either (it would silently break)."""
    client = site.test_client()
    for name, url in public_urls(site).items():
        html = gzip.decompress(served(client, url)).decode()
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), name
        assert "<style" not in html, name
        assert not re.search(r"\sstyle=", html), name
        assert not re.search(r"\son[a-z]+=", html), name
        assert not re.search(r'\ssrc="(?:https?:)?//', html), name
        assert not re.search(r'<link[^>]*\shref="(?:https?:)?//', html), name
        assert "@font-face" not in html and "fonts." not in html, name
