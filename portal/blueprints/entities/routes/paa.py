"""The public PAA of an entity per year: searchable by UNSPSC code and description, paged."""

from flask import abort, render_template, request, url_for

from portal.blueprints.entities import bp
from portal.paa import queries
from portal.pages import page_number, render_page_or_fragment


@bp.get("/entidades/<nit>/paa")
def plans(nit: str):
    plans = queries.published_plans(nit)
    if not plans:
        abort(404)
    return render_template("paa/planes.html", planes=plans, entidad=plans[0].entidad)


@bp.get("/entidades/<nit>/paa/<int:anio>")
def plan(nit: str, anio: int):
    found = queries.published_plan(nit, anio)
    version = found and queries.version_of(found, request.args.get("version", type=int))
    if not version:
        abort(404)
    texto = request.args.get("q", "")[:200]
    page = queries.items_page(queries.version_items(version), texto, page_number())
    context = {
        "plan": found,
        "version": version,
        "q": texto,
        "page": page,
        "editar": False,
        "lista_url": url_for(".plan", nit=nit, anio=anio),
    }
    return render_page_or_fragment("paa/plan.html", "paa/_items.html", **context)
