"""Templates build the same links over and over: remember them instead of rebuilding each one.

A search page builds ~50 links (a result's expediente, each facet value, pages, navigation);
Werkzeug's URL builder costs ~15 µs each, about a tenth of the whole request. A relative URL
depends only on the endpoint, its arguments, the current blueprint (for ".name" endpoints)
and the script root, so the template ``url_for`` remembers those. Static files are left out:
their ``?v=`` fingerprint follows the files (see assets.py). So are ``_external``, ``_anchor``,
``_method`` and ``_scheme`` links and arguments that cannot be hashed (lists). A new
``url_defaults`` function that reads the request would have to be left out here too.
"""

from functools import lru_cache

from flask import Flask, has_request_context, request, url_for

CACHED_LINKS = 4096


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

    app.jinja_env.globals["url_for"] = template_url_for


def _cacheable(endpoint: str, values: dict) -> bool:
    return (
        has_request_context()
        and endpoint != "static"
        and not any(name.startswith("_") for name in values)
    )
