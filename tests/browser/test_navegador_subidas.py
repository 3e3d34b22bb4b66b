"""A contractor's paths: login with the e-mailed code, upload with progress, resume after going
offline, and the same upload without JavaScript (one plain multipart post)."""

import hashlib
import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.models import Documento

MB = 1024 * 1024


def pdf_bytes(size: int, seed: str) -> bytes:
    """A file of ``size`` bytes that differs for every seed (the store deduplicates)."""
    block = hashlib.sha256(seed.encode()).digest() * (64 * 1024 // 32)
    return (b"%PDF-1.4\n" + block * (size // len(block) + 1))[:size]


def upload_page(live_site) -> str:
    contrato_id, _ = live_site.contractor_contract()
    return f"/subidas/nueva?proposito=documento_contrato&contrato_id={contrato_id}&tipo=informe_supervision"


def stored_document(live_site, sha256: str):
    return live_site.query(
        select(Documento.estado, Documento.tamano).where(Documento.sha256 == sha256)
    )


def test_login_with_the_emailed_code(page, login):
    login(page)
    expect(page.locator("header nav")).to_contain_text("Salir")


def test_upload_shows_progress_and_survives_going_offline(page, context, login, live_site):
    login(page)
    page.goto(upload_page(live_site))
    data = pdf_bytes(17 * MB, "sin-conexion")  # three tus chunks of at most 8 MB
    patches = []

    def cut_the_network(route):
        """The second chunk never arrives: the phone lost its signal."""
        patches.append(route.request.method)
        if len(patches) == 2:
            context.set_offline(True)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    page.route(
        re.compile(r"/subidas/tus/"),
        lambda route: (
            cut_the_network(route) if route.request.method == "PATCH" else route.continue_()
        ),
    )
    page.set_input_files(
        "#cargador-archivo", {"name": "informe.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.click("form.cargador button[type=submit]")
    estado = page.locator(".cargador-cola .cargador-estado").first
    expect(estado).to_contain_text("reintentando", timeout=20_000)
    progress = page.locator(".cargador-cola progress").first
    value = int(progress.evaluate("bar => bar.value"))
    assert 40 <= value < 100, f"el primer fragmento debía quedar registrado ({value} %)"

    context.set_offline(False)

    expect(estado).to_contain_text("Recibido completo", timeout=30_000)
    sha256 = hashlib.sha256(data).hexdigest()
    assert stored_document(live_site, sha256) == [("pendiente", len(data))]
    assert patches.count("PATCH") >= 3, "debía continuar desde el segundo fragmento"
    page.click("text=Ver acuse de recibo")
    expect(page.locator("main")).to_contain_text(sha256)


def test_upload_without_javascript_is_one_plain_post(nojs_page, login, live_site):
    page = nojs_page
    login(page)
    page.goto(upload_page(live_site))
    data = pdf_bytes(300 * 1024, "sin-javascript")
    page.set_input_files(
        "#cargador-archivo", {"name": "acta.pdf", "mimeType": "application/pdf", "buffer": data}
    )
    page.click("form.cargador button[type=submit]")
    expect(page).to_have_url(re.compile(r"/subidas/acuse/"))
    sha256 = hashlib.sha256(data).hexdigest()
    expect(page.locator("main")).to_contain_text(sha256)
    assert stored_document(live_site, sha256) == [("pendiente", len(data))]
