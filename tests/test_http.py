"""Response headers, conditional GETs and fingerprinted static files (portal/http.py, assets.py)."""

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path

import brotli
import pytest
from flask import request, url_for

from portal import create_app
from portal.http import CONTENT_SECURITY_POLICY
from portal.models.types import parse_id

STATIC = re.compile(r'(?:src|href)="(/static/[^"?]+)\?v=([0-9a-f]{12})"')


def test_csp_allows_only_this_server():
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives == {
        "default-src": "'self'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
        "object-src": "'none'",
    }


@pytest.mark.parametrize("url", ["/", "/procesos", "/ingresar", "/no-existe"])
def test_security_headers_on_every_page(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "HX-Request" in response.vary and "Accept-Encoding" in response.vary


def documento_bytes(documento) -> bytes:
    from portal import storage

    return storage.path_of(documento.sha256).read_bytes()


def test_downloads_keep_their_own_sandbox_policy(client, db, make_documento):
    documento = make_documento(content=b"%PDF-1.4 " + b"x" * 2000)
    db.session.commit()
    page = client.get(f"/documentos/{documento.id}").text
    link = re.search(rf'href="(/documentos/{documento.id}/[^"]+)"', page).group(1)
    with client.get(link, headers={"Accept-Encoding": "gzip, br"}) as response:
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert "Content-Encoding" not in response.headers, "los archivos se sirven byte a byte"
        assert response.data == documento_bytes(documento)
    with client.get(link, headers={"If-None-Match": response.headers["ETag"]}) as again:
        assert again.status_code == 304


def test_pages_are_compressed_with_brotli_or_gzip(client, make_proceso, db):
    for n in range(5):
        make_proceso(nombre=f"Mantenimiento de vías número {n}")
    db.session.commit()
    plain = client.get("/", headers={"Accept-Encoding": "identity"}).data
    br = client.get("/", headers={"Accept-Encoding": "gzip, deflate, br"})
    gz = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert br.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert brotli.decompress(br.data) == plain == gzip.decompress(gz.data)
    assert len(br.data) < len(plain) / 2


def test_static_urls_carry_the_content_hash_and_are_immutable(client, app):
    page = client.get("/").text
    found = dict(STATIC.findall(page))
    assert {"/static/css/portal.css", "/static/vendor/htmx.min.js"} <= set(found)
    for path, digest in found.items():
        response = client.get(f"{path}?v={digest}", headers={"Accept-Encoding": "br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        if path.endswith((".css", ".js")):
            assert response.headers["Content-Encoding"] == "br"
        body = (brotli.decompress if "Content-Encoding" in response.headers else bytes)(
            response.data
        )
        assert body == (Path(app.static_folder) / path.removeprefix("/static/")).read_bytes()


def test_unversioned_or_stale_static_urls_must_revalidate(client):
    for url in ("/static/css/portal.css", "/static/css/portal.css?v=000000000000"):
        response = client.get(url, headers={"Accept-Encoding": "gzip"})
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.headers["Content-Encoding"] == "gzip"
        again = client.get(
            url, headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["ETag"]}
        )
        assert again.status_code == 304 and again.data == b""


def test_static_hash_follows_the_file_content(tmp_path, test_config):
    """A new release of a file gets a new URL, so year-long caching is never stale."""
    app = create_app(test_config)
    assets = app.extensions["portal_assets"]
    digest = assets.digest("css/portal.css")
    with app.test_request_context():
        assert url_for("static", filename="css/portal.css").endswith(f"?v={digest}")
    other = tmp_path / "static"
    (other / "css").mkdir(parents=True)
    (other / "css" / "portal.css").write_text("body { color: black }")
    assets.folder = other
    assets.reload()
    assert assets.digest("css/portal.css") not in (None, digest)


def test_home_answers_304_when_nothing_changed(client, db, make_proceso):
    proceso = make_proceso()
    db.session.commit()
    first = client.get("/", headers={"Accept-Encoding": "gzip"})
    etag = first.headers["ETag"]
    assert etag.startswith('W/"'), "débil: sobrevive a la compresión"
    assert first.last_modified is not None
    again = client.get("/", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304
    proceso.nombre = "Suministro de computadores para colegios"
    proceso.actualizado_en = datetime(2030, 1, 1, tzinfo=UTC)
    db.session.commit()
    changed = client.get("/", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and "computadores" in changed.text


def test_a_login_is_never_answered_with_the_anonymous_copy(client, db, make_proceso, login_as):
    make_proceso()
    db.session.commit()
    etag = client.get("/").headers["ETag"]
    login_as()
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Salir" in response.text
    assert response.cache_control.private


def test_expediente_validators_reused_and_refreshed(client, db, make_proceso, make_documento):
    proceso = make_proceso()
    db.session.commit()
    url = f"/procesos/{proceso.id_del_proceso}"
    etag = client.get(url).headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_documento(proceso=proceso, cargado_en=datetime(2030, 1, 1, tzinfo=UTC))
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("kind", ["procesos", "contrato", "fragmento"])
def test_other_public_pages_get_a_body_etag(client, db, make_contrato, kind):
    contrato = make_contrato()
    db.session.commit()
    url, headers = {
        "procesos": ("/procesos?q=vias", {}),
        "contrato": (f"/contratos/{contrato.id_contrato}", {}),
        "fragmento": ("/procesos?q=vias", {"HX-Request": "true"}),
    }[kind]
    first = client.get(url, headers=headers | {"Accept-Encoding": "gzip"})
    assert first.status_code == 200
    second = client.get(
        url, headers=headers | {"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]}
    )
    assert second.status_code == 304


def test_fragment_and_page_have_different_validators(client, db, make_proceso):
    make_proceso()
    db.session.commit()
    page = client.get("/procesos?q=vias")
    fragment = client.get("/procesos?q=vias", headers={"HX-Request": "true"})
    assert page.headers["ETag"] != fragment.headers["ETag"]
    assert "<html" in page.text and "<html" not in fragment.text


def test_htmx_does_not_inject_inline_styles(client):
    page = client.get("/").text
    assert '<meta name="htmx-config"' in page
    assert '"includeIndicatorStyles": false' in page


def _seen_by_app(app, headers: dict) -> tuple[str, str]:
    """The scheme and client address the app sees (ProxyFix rewrites the WSGI environ)."""
    seen = {}

    @app.get("/_eco")
    def eco():
        seen.update(scheme=request.scheme, ip=request.remote_addr)
        return ""

    app.test_client().get("/_eco", headers=headers, environ_base={"REMOTE_ADDR": "1.2.3.4"})
    return seen["scheme"], seen["ip"]


def test_proxy_headers_trusted_only_when_configured(test_config):
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    direct = create_app(test_config)
    assert _seen_by_app(direct, headers) == ("http", "1.2.3.4")
    behind_nginx = create_app(test_config | {"PROXY_FIX_X_FOR": 1, "PROXY_FIX_X_PROTO": 1})
    assert _seen_by_app(behind_nginx, headers) == ("https", "203.0.113.9")


HUGE = "9" * 30


@pytest.mark.parametrize(
    "path",
    [
        f"/documentos/{HUGE}",
        f"/entidad/procesos/{HUGE}",
        f"/cuentas/{HUGE}/miembros",
        f"/admin/cuentas/{HUGE}",
        "/entidades/{nit}/paa/" + HUGE,
        "/entidades/{nit}/paa/2026?version=" + HUGE,
        "/entidad/contratos/{contrato}/modificaciones/" + HUGE,
        "/mis-contratos/{contrato}/documentos/" + HUGE,
    ],
)
def test_an_id_too_long_for_the_database_is_not_found(client, db, login_as, make_contrato, path):
    """A number past what a database column holds never reaches the database (no 500)."""
    contrato = make_contrato()
    db.session.commit()
    login_as("comprador", cuenta=contrato.entidad)
    url = path.format(nit=contrato.entidad.nit, contrato=contrato.id_contrato)
    assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize("page", [HUGE, "9" * 5000, "-3", "٣", "x"])
@pytest.mark.parametrize(
    "path",
    [
        "/procesos/{proceso}/historial?pagina=",
        "/entidades/{nit}?contratos=",
        "/entidad/procesos?pagina=",
        "/entidad/contratos?pagina=",
        "/entidad/contratos/por-cerrar?pagina=",
        "/supervision?pagina=",
        "/cuenta/accesos?pagina=",
    ],
)
def test_any_page_number_answers_a_page(client, db, login_as, make_contrato, path, page):
    contrato = make_contrato()
    db.session.commit()
    login_as("comprador", cuenta=contrato.entidad)
    url = path.format(proceso=contrato.proceso.id_del_proceso, nit=contrato.entidad.nit)
    assert client.get(url + page).status_code == 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [("42", 42), (42, 42), (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("0", None),
     ("-1", None), ("٣", None), ("4x", None), ("", None), (None, None), ("9" * 5000, None)],
)  # fmt: skip
def test_parse_id_takes_only_ids_a_database_holds(value, expected):
    assert parse_id(value) == expected
