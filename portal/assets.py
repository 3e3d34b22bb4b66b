"""Fingerprinted static files, compressed once at start-up and served from memory.

Every ``url_for('static', filename=...)`` gets ``?v=<content hash>`` added (through
``app.url_defaults``), so templates need no helper; a request that carries the current hash is
cached by browsers for a year as immutable, any other (an old hash, none) must revalidate.
The files are few and small (CSS, htmx, two scripts): keeping their gzip and brotli bodies in
memory saves compressing htmx again on every first visit and lets the server answer in
microseconds. Files added after start-up fall back to Flask's own static view.
"""

import gzip
import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

import brotli
from flask import Flask, Response, current_app, request
from flask.typing import ResponseReturnValue

ONE_YEAR = 365 * 24 * 3600
COMPRESSIBLE = {
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "text/plain",
}
# Below this size compression headers and framing cost more than they save.
MIN_COMPRESS_BYTES = 500
ENCODINGS = ("br", "gzip")


@dataclass(frozen=True)
class Asset:
    mimetype: str
    digest: str
    bodies: dict[str, bytes]  # "identity", and "br"/"gzip" when compressible


def load_asset(path: Path) -> Asset:
    """Read one file, hash it and prepare its compressed bodies."""
    data = path.read_bytes()
    mimetype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    bodies = {"identity": data}
    if mimetype in COMPRESSIBLE and len(data) >= MIN_COMPRESS_BYTES:
        bodies["gzip"] = gzip.compress(data, compresslevel=9, mtime=0)
        bodies["br"] = brotli.compress(data, quality=11)
    return Asset(mimetype, hashlib.sha256(data).hexdigest()[:12], bodies)


class StaticAssets:
    """The static folder as read at start-up: hashes, compressed bodies, one release digest."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.assets: dict[str, Asset] = {}
        self.reload()

    def reload(self) -> None:
        files = (
            sorted(p for p in self.folder.rglob("*") if p.is_file()) if self.folder.is_dir() else []
        )
        self.assets = {p.relative_to(self.folder).as_posix(): load_asset(p) for p in files}

    def digest(self, filename: str) -> str | None:
        asset = self.assets.get(filename)
        return asset.digest if asset else None

    @property
    def release(self) -> str:
        """One hash of every file: changes whenever any static file changes."""
        joined = ",".join(f"{name}={a.digest}" for name, a in sorted(self.assets.items()))
        return hashlib.sha256(joined.encode()).hexdigest()[:12]


def chosen_encoding(asset: Asset) -> str:
    """The best encoding this asset has that the client accepts (brotli first)."""
    accepted = request.accept_encodings
    for encoding in ENCODINGS:
        if encoding in asset.bodies and accepted[encoding] > 0:
            return encoding
    return "identity"


def asset_response(asset: Asset, fingerprinted: bool) -> Response:
    encoding = chosen_encoding(asset)
    response = Response(asset.bodies[encoding], mimetype=asset.mimetype)
    if encoding != "identity":
        response.headers["Content-Encoding"] = encoding
    if len(asset.bodies) > 1:
        response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.digest}-{encoding}")
    if fingerprinted:
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    else:
        response.cache_control.no_cache = True
    return response.make_conditional(request)


def serve_static(filename: str) -> ResponseReturnValue:
    """Serve a static file from memory; unknown files go to Flask's own view."""
    assets: StaticAssets = current_app.extensions["portal_assets"]
    if current_app.debug:
        assets.reload()
    asset = assets.assets.get(filename)
    if asset is None:
        return current_app.send_static_file(filename)
    return asset_response(asset, request.args.get("v") == asset.digest)


def init_app(app: Flask) -> None:
    """Hash the static folder, add ``v=`` to every static URL and serve the files from memory."""
    assets = StaticAssets(Path(app.static_folder))
    app.extensions["portal_assets"] = assets

    @app.url_defaults
    def fingerprint_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values:
            digest = assets.digest(values.get("filename", ""))
            if digest:
                values["v"] = digest

    app.view_functions["static"] = serve_static
