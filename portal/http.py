"""HTTP behaviour of every response: security headers, cache validators, proxies, static files.

Public pages answer conditional GETs: a phone that already holds a page gets ``304 Not Modified``
(a few hundred bytes) instead of the page again. Views that know when what they show last
changed call ``validated_response`` *before* rendering, so a 304 costs neither the rendering nor
the bytes; every other HTML page still gets a weak ETag computed from its body.
"""

import hashlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from flask import Flask, Response, current_app, request, session
from flask_login import current_user
from werkzeug.http import is_resource_modified
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import assets
from portal.access import ACTIVE_ACCOUNT_KEY
from portal.models.types import MAX_ID

# Everything comes from this server: no web fonts, no CDN, no tracker, no inline code.
# img-src/style-src/script-src fall back to default-src; data: is not needed by our CSS.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Search terms live in our URLs; other sites only learn that the visit came from here.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Register the headers, body ETags, fingerprinted static files and the proxy setting.

    Call it after Flask-Compress is initialised: after-request functions run in reverse
    order, so these run first and the compressor sees the final headers and ETag.
    """
    assets.init_app(app)
    _trust_proxies(app)
    app.url_map.converters["int"] = DatabaseInteger
    app.after_request(add_security_headers)
    app.after_request(add_body_etag)


class DatabaseInteger(IntegerConverter):
    """``<int:...>`` up to the largest id a database column holds; a longer number is a 404.

    Without the bound, "/documentos/999…9" reaches the database and overflows it (a 500).
    Registered before the blueprints, so every route's ``<int:...>`` uses it.
    """

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _trust_proxies(app: Flask) -> None:
    """Behind nginx, trust PROXY_FIX_X_* hops of X-Forwarded-For/-Proto/-Host/-Prefix."""
    hops = {
        name: int(app.config.get(f"PROXY_FIX_X_{name.upper()}", 0) or 0)
        for name in ("for", "proto", "host", "prefix")
    }
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{k}": v for k, v in hops.items()})


def add_security_headers(response: Response) -> Response:
    """Add the security headers; a view's own stricter policy (downloads) is kept."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.mimetype == "text/html":
        # The same URL answers a whole page or an htmx fragment: caches must tell them apart.
        response.vary.add("HX-Request")
    return response


def add_body_etag(response: Response) -> Response:
    """Give an HTML page without validators a weak ETag of its body, and answer 304 if current."""
    if (
        request.method not in ("GET", "HEAD")
        or response.status_code != 200
        or response.mimetype != "text/html"
        or response.is_streamed
        or response.cache_control.no_store
        or response.get_etag()[0]
        or not response.get_data()
    ):
        return response
    response.set_etag(hashlib.sha256(response.get_data()).hexdigest()[:32], weak=True)
    if not response.cache_control.private:
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def release_digest() -> str:
    """A hash of the static files and templates of this release, the same in every worker."""
    app = current_app
    digest = app.extensions.get("portal_release")
    if digest is None:
        digest = _hash_release(app)
        app.extensions["portal_release"] = digest
    return digest


def _hash_release(app: Flask) -> str:
    hasher = hashlib.sha256(app.extensions["portal_assets"].release.encode())
    templates = Path(app.root_path) / (app.template_folder or "templates")
    for path in sorted(templates.rglob("*.html")):
        hasher.update(path.relative_to(templates).as_posix().encode())
        hasher.update(path.read_bytes())
    return hasher.hexdigest()[:12]


def _viewer_key() -> str:
    """Who is looking: the navigation shows the user's name and account, so pages differ."""
    if not current_user.is_authenticated:
        return "anonimo"
    return f"{current_user.get_id()}:{session.get(ACTIVE_ACCOUNT_KEY, '')}"


def page_etag(changed: datetime, keys: Iterable[object] = ()) -> str:
    """An ETag for a page from its newest change, what else identifies it, viewer and release."""
    parts = [release_digest(), request.full_path, _viewer_key(), changed.isoformat(), *keys]
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


def validated_response(changed: datetime, keys: Iterable[object] = ()) -> Response:
    """An empty HTML response with validators for what the page shows; 304 if the copy is current.

    ``changed`` is the newest change time of what the page shows; ``keys`` add anything that
    can change without moving that time (counts, ids of listed rows). Fill the body only when
    the status is 200. Pages with pending flash messages are never answered with a 304.
    """
    response = Response(mimetype="text/html")
    # Weak: the compressed and plain bodies differ in bytes but not in meaning.
    response.set_etag(page_etag(changed, keys), weak=True)
    response.last_modified = changed
    response.cache_control.no_cache = True
    if current_user.is_authenticated:
        response.cache_control.private = True
    pending_messages = bool(session.get("_flashes"))
    if not pending_messages and not is_resource_modified(
        request.environ, etag=response.get_etag()[0], last_modified=changed
    ):
        response.status_code = 304
    return response


def render_validated(changed: datetime, keys: Iterable[object], render) -> Response:
    """``validated_response`` and, unless it is a 304, the body from ``render()``."""
    response = validated_response(changed, keys)
    if response.status_code == 200:
        response.set_data(render())
    return response
