"""One rule for page or fragment: htmx gets the partial, everyone else the whole page."""

from flask import make_response, render_template, request


def wants_fragment() -> bool:
    """An htmx request gets the fragment; a history restore needs the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


def render_page_or_fragment(page: str, fragment: str, **context):
    fragmento = wants_fragment()
    template = fragment if fragmento else page
    response = make_response(render_template(template, fragmento=fragmento, **context))
    response.headers["Vary"] = "HX-Request"
    return response
