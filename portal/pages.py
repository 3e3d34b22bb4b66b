"""One rule for page or fragment: htmx gets the partial, everyone else the whole page.

The whole page includes the same partial, so both answers show the same thing. A history
restore asks for the whole page (htmx found nothing in its cache), and caches must keep the
two answers of one URL apart: every answer carries ``Vary: HX-Request``.
"""

from flask import Response, current_app, make_response, render_template, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from portal.extensions import db
from portal.models.vocab import ESTADOS_PROCESO
from portal.search.params import ORDENES

# Suggestions for the search filter inputs (the values SECOP II publishes); any other text works.
MODALIDADES = (
    "Contratación directa", "Contratación Directa (con ofertas)", "Contratación régimen especial",
    "Contratación régimen especial (con ofertas)", "Mínima cuantía", "Licitación pública",
    "Licitación pública Obra Publica", "Selección Abreviada de Menor Cuantía",
    "Selección abreviada subasta inversa", "Concurso de méritos abierto",
    "Licitación Pública Acuerdo Marco de Precios",
)  # fmt: skip
TIPOS_CONTRATO = (
    "Obra", "Prestación de servicios", "Compraventa", "Suministros", "Consultoría", "Interventoría",
    "Arrendamiento de inmuebles", "Arrendamiento de muebles", "Seguros", "Concesión", "Comodato", "Otro",
)  # fmt: skip
SEARCH_FORM = {
    "estados": ESTADOS_PROCESO,
    "ordenes": ORDENES,
    "modalidades": MODALIDADES,
    "tipos": TIPOS_CONTRATO,
}


def wants_fragment() -> bool:
    """An htmx request gets the fragment; a history restore needs the whole page."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


# Templates are positional-only so that the context may hold a ``page`` (of results) too.
def render_page_or_fragment(page: str, fragment: str, /, status: int = 200, **context) -> Response:
    """Render ``fragment`` for htmx, ``page`` (which includes it) otherwise."""
    fragmento = wants_fragment()
    template = fragment if fragmento else page
    return render_fragment(template, status=status, fragmento=fragmento, **context)


def render_fragment(template: str, /, status: int = 200, **context) -> Response:
    """Render a template that this URL answers to htmx only; caches must not mix it with the page."""
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def render_search(page: str, fragment: str, /, **context) -> Response:
    """A search page, or only its results for htmx, with the suggestions its filters offer."""
    return render_page_or_fragment(page, fragment, **(context | SEARCH_FORM))


# Deeper than any list goes; keeps OFFSET within what every database accepts.
MAX_PAGE = 100_000


def page_number(arg: str = "pagina") -> int:
    """The page a list is asked for: 1 when missing or odd, at most ``MAX_PAGE``."""
    return min(max(request.args.get(arg, 1, type=int), 1), MAX_PAGE)


def list_filter(states) -> tuple[str, str]:
    """A work list's typed text and chosen state from the query string (an unknown state: none)."""
    q = request.args.get("q", "").strip()[:200]
    estado = request.args.get("estado", "")
    return q, estado if estado in states else ""


def paginate(query: Select) -> Pagination:
    """The page of ``query`` that ?pagina= asks for (the first for anything odd), PAGE_SIZE rows."""
    return db.paginate(
        query,
        page=page_number(),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
