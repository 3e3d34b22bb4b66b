"""Read a PAA: the published plans of an entity, one version's items, searched and paged."""

from dataclasses import dataclass

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Entidad, ItemPlan, PlanAnual, VersionPlan
from portal.models.vocab import clean_nit, fold

PER_PAGE = 25
MAX_PAGE = 2000


@dataclass
class Page:
    items: list[ItemPlan]
    total: int
    valor: int
    pagina: int

    @property
    def paginas(self) -> int:
        return max(1, -(-self.total // PER_PAGE))


def published_plans(nit: str) -> list[PlanAnual]:
    """Plans with at least one version of the entities with this NIT, newest year first."""
    digits = clean_nit(nit)
    return list(
        db.session.scalars(
            select(PlanAnual)
            .join(Entidad, Entidad.id == PlanAnual.entidad_id)
            .where(Entidad.nit == digits, PlanAnual.versiones.any())
            .order_by(PlanAnual.vigencia.desc())
        )
    )


def plans_of(entidad: Entidad) -> list[PlanAnual]:
    """Every plan of the entity, drafts and published alike, newest year first."""
    query = (
        select(PlanAnual)
        .where(PlanAnual.entidad_id == entidad.id)
        .order_by(PlanAnual.vigencia.desc())
    )
    return list(db.session.scalars(query))


def published_plan(nit: str, vigencia: int) -> PlanAnual | None:
    return next((p for p in published_plans(nit) if p.vigencia == vigencia), None)


def version_of(plan: PlanAnual, numero: int | None) -> VersionPlan | None:
    """The requested version, or the latest one."""
    if numero is None:
        return plan.ultima_version
    return next((v for v in plan.versiones if v.numero == numero), None)


def items_page(base, texto: str, pagina: int) -> Page:
    """Filter ``base`` (a select of ItemPlan) by every word of ``texto``; one page of it."""
    words = fold(texto).split()[:10]
    query = base.where(*(ItemPlan.texto_busqueda.contains(w, autoescape=True) for w in words))
    matching = query.subquery()
    total, valor = db.session.execute(
        select(func.count(), func.coalesce(func.sum(matching.c.valor_total), 0)).select_from(
            matching
        )
    ).one()
    pagina = min(max(pagina, 1), MAX_PAGE)
    items = db.session.scalars(
        query.order_by(ItemPlan.posicion, ItemPlan.id)
        .limit(PER_PAGE)
        .offset((pagina - 1) * PER_PAGE)
    ).all()
    return Page(list(items), total, int(valor), pagina)


def version_items(version: VersionPlan):
    return select(ItemPlan).where(ItemPlan.version_id == version.id)
