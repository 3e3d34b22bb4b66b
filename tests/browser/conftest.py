"""A live portal in a thread and headless Chromium driven by Playwright.

Needs Debian's ``chromium`` (or PORTAL_CHROMIUM pointing to a Chromium binary) and the Python
``playwright`` package; Playwright's own browser downloads are never used. axe-core comes from
npm (``make setup``). Without them every browser test is skipped with the reason.
"""

import email
import email.policy
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from portal import create_app, demo, search
from portal.config import self_contained
from portal.demo.accounts import DEMO_PASSWORD, DEMO_PROVEEDOR
from portal.extensions import db
from portal.models import Contrato, Proveedor

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

try:
    from playwright import sync_api as playwright_api
except ImportError:  # pragma: no cover - depends on the machine
    playwright_api = None


def missing_requirement() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if playwright_api is None:
        return "Falta el paquete playwright: pip install -e '.[test]'"
    if not Path(CHROMIUM).is_file():
        return f"No hay Chromium en {CHROMIUM}: apt-get install chromium (o defina PORTAL_CHROMIUM)"
    return None


def pytest_collection_modifyitems(config, items):
    """Skip every browser test, with the reason, where Chromium or Playwright is missing."""
    reason = missing_requirement()
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # The live server answers from threads; a Whoosh segment file that the search
            # package (portal/search, not ours) leaves to the garbage collector is reported
            # there as unraisable. Ignored here only, where threads make it visible.
            item.add_marker(
                pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
            )
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


class LiveSite:
    """The portal served over real HTTP on a free port, with the demo data and its index."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.app = create_app(
            self_contained(
                folder,
                TESTING=True,
                SECRET_KEY="browser-secret",
                PASSWORD_HASH_METHOD="pbkdf2:sha256:1000",
            )
        )
        with self.app.app_context():
            db.create_all()
            demo.generate(processes=60)
            search.reindex()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def query(self, statement):
        with self.app.app_context():
            return db.session.execute(statement).all()

    def last_code(self, to: str) -> str:
        """The 6-digit code of the newest e-mail to ``to`` in the outbox."""
        for path in sorted((self.folder / "outbox").glob("*.eml"), reverse=True):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if to in message["To"]:
                body = message.get_body(("plain",)).get_content()
                return re.search(r"\b(\d{6})\b", body).group(1)
        raise AssertionError(f"no hay correo para {to}")

    def contractor_contract(self) -> Contrato:
        """A contract of the demo contractor (the user "contratista" may upload to it)."""
        statement = (
            select(Contrato.id, Contrato.id_contrato)
            .join(Proveedor, Contrato.proveedor_id == Proveedor.id)
            .where(Proveedor.nombre == DEMO_PROVEEDOR, Contrato.estado != "borrador")
            .order_by(Contrato.id)
            .limit(1)
        )
        return self.query(statement)[0]


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    site = LiveSite(tmp_path_factory.mktemp("navegador"))
    site.thread.start()
    yield site
    site.server.shutdown()
    site.thread.join()
    with site.app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(chromium, live_site):
    context = chromium.new_context(base_url=live_site.url, locale="es-CO")
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def nojs_page(chromium, live_site):
    context = chromium.new_context(
        base_url=live_site.url, locale="es-CO", java_script_enabled=False
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def login(live_site):
    """Log a page in as a demo user through the real form and the e-mailed code."""

    def log_in(page, usuario: str = "contratista") -> None:
        page.goto("/ingresar")
        page.fill("#usuario", usuario)
        page.fill("#contrasena", DEMO_PASSWORD)
        page.click("form.formulario button[type=submit]")
        page.wait_for_url(re.compile(r"/ingresar/codigo"))
        page.fill("#codigo", live_site.last_code(f"{usuario}@"))
        page.click("form.formulario button[type=submit]")
        page.wait_for_load_state()
        if "/cuenta/elegir" in page.url:
            page.click("form button[type=submit]")
            page.wait_for_load_state()
        assert "/ingresar" not in page.url, page.content()

    return log_in


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.skip(
            "Falta axe-core: ejecute `make setup` (npm ci) para las pruebas de accesibilidad"
        )
    return AXE.read_text()
