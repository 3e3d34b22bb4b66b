"""Templates build the same links over and over: remember them instead of rebuilding each one.

A search page builds ~50 links (a result's expediente, each facet value, pages, navigation);
Werkzeug's URL builder costs ~15 µs each, about a tenth of the whole request. A relative URL
depends only on the endpoint, its arguments, the current blueprint (for ".name" endpoints)
and the script root, so the template ``url_for`` remembers those. Static files are left out:
their ``?v=`` fingerprint follows the files (see assets.py). So are ``_external``, ``_anchor``,
``_method`` and ``_scheme`` links and arguments that cannot be hashed (lists). A new
``url_defaults`` function that reads the request would have to be left out here too.

``link_for`` serves a list that links many rows to one endpoint (twenty processes per results
page, each a new id): the link around the value is built once and the value only escaped.
"""

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from flask import Flask, current_app, has_request_context, request, url_for

CACHED_LINKS = 4096
# What Werkzeug's default converter leaves unescaped in a path segment (UnicodeConverter.to_url).
PATH_SAFE = "!$&'()*+,/:;=@"
SLOT = "PORTALSLOT"  # stands for the value while the rest of the link is built
PROBE = "CO1.REQ.1 a/ñ%?#&=+"  # what a string converter escapes, and what it leaves alone


def init_app(app: Flask) -> None:
    """Give this app's templates a ``url_for`` that reuses the links it already built."""

    @lru_cache(maxsize=CACHED_LINKS)
    def build(endpoint: str, blueprint: str | None, script_root: str, items: tuple) -> str:
        return url_for(endpoint, **{name: value for name, _, value in items})

    def template_url_for(endpoint: str, **values) -> str:
        if not _cacheable(endpoint, values):
            return url_for(endpoint, **values)
        blueprint = request.blueprint if endpoint.startswith(".") else None
        try:
            # In the given order (it is the query string's order) and with the type too:
            # 1 and True are equal keys but "1" and "True" in a URL.
            items = tuple((name, type(v), v) for name, v in values.items())
            hash(items)
        except TypeError:  # a list of values for one argument
            return url_for(endpoint, **values)
        return build(endpoint, blueprint, request.script_root, items)

    @lru_cache(maxsize=64)
    def link_parts(endpoint: str, name: str, script_root: str) -> tuple[str, str] | None:
        """The link around the value, if escaping the value is all url_for would do to it."""
        if len(list(current_app.url_map.iter_rules(endpoint))) != 1:
            return None
        try:
            prefix, slot, suffix = url_for(endpoint, **{name: SLOT}).partition(SLOT)
            probed = url_for(endpoint, **{name: PROBE})
        except ValueError:  # a converter of its own (int, uuid...) refuses the text
            return None
        if (
            not slot
            or SLOT in suffix
            or probed != f"{prefix}{quote(PROBE, safe=PATH_SAFE)}{suffix}"
        ):
            return None  # ... or treats it otherwise (path, any...)
        return prefix, suffix

    def link_for(endpoint: str, name: str) -> Callable[[object], str]:
        """``url_for(endpoint, name=value)`` for many values: a results page links twenty."""
        parts = link_parts(endpoint, name, request.script_root)
        if parts is None:
            return lambda value: url_for(endpoint, **{name: value})
        prefix, suffix = parts
        return lambda value: f"{prefix}{quote(str(value), safe=PATH_SAFE)}{suffix}"

    app.jinja_env.globals["url_for"] = template_url_for
    app.jinja_env.globals["link_for"] = link_for


def _cacheable(endpoint: str, values: dict) -> bool:
    return (
        has_request_context()
        and endpoint != "static"
        and not any(name.startswith("_") for name in values)
    )


def document_permalink(documento, external: bool = False) -> str:
    """/documentos/<id>/<safe-name>: the id identifies; the name only reads well in a link."""
    return url_for(
        "documents.download",
        documento_id=documento.id,
        nombre=safe_file_name(documento.nombre_archivo),
        _external=external,
    )


def safe_file_name(nombre: str) -> str:
    """A URL-friendly version of a file name: "Adenda N° 1 (firmada).pdf" -> "adenda-n-1-firmada.pdf"."""
    decomposed = unicodedata.normalize("NFKD", nombre)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    slug = re.sub(r"[^a-z0-9._]+", "-", bare)
    slug = re.sub(r"-*\.-*", ".", slug).strip("-.")
    return slug[:120].strip("-.") or "documento"
