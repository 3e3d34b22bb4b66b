"""Public entity page: its processes (searchable) and its contracts."""

from flask import request

from portal import search
from portal.blueprints.entities import bp
from portal.blueprints.entities.loaders import entity_or_404
from portal.contracts.queries import public_contracts_page
from portal.models.types import parse_id
from portal.paa.queries import published_plans
from portal.pages import render_search

CONTRACTS_PER_PAGE = 20
MAX_CONTRACT_PAGE = 500


def contract_page_number() -> int:
    raw = request.args.get("contratos", "1")
    page = parse_id(raw)
    return page if page is not None and page <= MAX_CONTRACT_PAGE else 1


@bp.get("/entidades/<nit>")
def detail(nit: str):
    """The entity's processes, searchable with the public search, and its contracts."""
    entidad = entity_or_404(nit)
    params = search.parse(request.args)
    results = search.search(params, nit=entidad.nit)
    page = contract_page_number()
    contratos, total_contratos = public_contracts_page(entidad.id, page, CONTRACTS_PER_PAGE)
    return render_search(
        "entities/detalle.html",
        "entities/_procesos.html",
        entidad=entidad,
        results=results,
        params=params,
        contratos=contratos,
        total_contratos=total_contratos,
        planes=[plan.vigencia for plan in published_plans(entidad.nit)],
        pagina_contratos=page,
        paginas_contratos=max(1, -(-total_contratos // CONTRACTS_PER_PAGE)),
        base_endpoint="entities.detail",
        base_args={"nit": nit},
    )
