"""Public entity page: its processes (searchable) and its contracts."""

from flask import abort, request
from sqlalchemy import func, or_, select

from portal import search
from portal.blueprints.entities import bp
from portal.extensions import db
from portal.models import Contrato, Entidad
from portal.paa.queries import published_plans
from portal.pages import render_search
from portal.search.index import clean_nit

CONTRACTS_PER_PAGE = 20
MAX_CONTRACT_PAGE = 500


def get_entidad(nit: str) -> Entidad:
    """The entity with this NIT (with or without dots and check digit), or 404."""
    digits = clean_nit(nit)
    if not digits:
        abort(404)
    entidad = db.session.scalar(
        select(Entidad)
        .where(or_(Entidad.nit == digits, Entidad.nit.like(f"{digits}-%"), Entidad.nit == nit))
        .order_by(Entidad.id)
        .limit(1)
    )
    if entidad is None:
        abort(404)
    return entidad


def contracts_page(entidad: Entidad, page: int) -> tuple[list[Contrato], int]:
    """One page of the entity's public contracts, most recently signed first, and their total."""
    public = select(Contrato).where(
        Contrato.entidad_id == entidad.id, Contrato.estado != "borrador"
    )
    total = db.session.scalar(select(func.count()).select_from(public.subquery()))
    contratos = db.session.scalars(
        public.order_by(Contrato.fecha_firma.desc().nulls_last(), Contrato.id.desc())
        .limit(CONTRACTS_PER_PAGE)
        .offset((page - 1) * CONTRACTS_PER_PAGE)
    ).all()
    return contratos, total


def contract_page_number() -> int:
    raw = request.args.get("contratos", "1")
    return int(raw) if raw.isdecimal() and 1 <= int(raw) <= MAX_CONTRACT_PAGE else 1


@bp.get("/entidades/<nit>")
def detalle(nit: str):
    """The entity's processes, searchable with the public search, and its contracts."""
    entidad = get_entidad(nit)
    params = search.parse(request.args)
    results = search.search(params, nit=entidad.nit)
    page = contract_page_number()
    contratos, total_contratos = contracts_page(entidad, page)
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
        base_endpoint="entities.detalle",
        base_args={"nit": nit},
    )
