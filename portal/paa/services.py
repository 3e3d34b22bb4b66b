"""Change a PAA: draft items, imports, publication. Flush and log, never commit."""

from sqlalchemy import delete, func, select

from portal import audit, clock
from portal.errors import Refused
from portal.extensions import db
from portal.models import Entidad, ItemPlan, PlanAnual, User, VersionPlan

ITEM_FIELDS = (
    "codigos_unspsc",
    "descripcion",
    "mes_inicio",
    "mes_ofertas",
    "duracion",
    "duracion_unidad",
    "modalidad",
    "fuente_recursos",
    "valor_total",
    "valor_vigencia",
    "requiere_vigencias_futuras",
    "estado_vigencias_futuras",
    "unidad_contratacion",
    "ubicacion",
    "ley_2046",
    "suministro_distinto_alimentos",
    "texto_busqueda",
)


def create_plan(entidad: Entidad, vigencia: int) -> PlanAnual:
    if find_plan(entidad, vigencia) is not None:
        raise Refused(f"Ya existe el plan de {vigencia}: ábralo en la lista.")
    plan = PlanAnual(entidad=entidad, vigencia=vigencia)
    db.session.add(plan)
    audit.record("paa.creado", plan, f"Plan Anual de Adquisiciones {vigencia} (borrador)")
    return plan


def find_plan(entidad: Entidad, vigencia: int) -> PlanAnual | None:
    return db.session.scalar(
        select(PlanAnual).where(PlanAnual.entidad_id == entidad.id, PlanAnual.vigencia == vigencia)
    )


def draft_query(plan: PlanAnual):
    return select(ItemPlan).where(ItemPlan.plan_id == plan.id, ItemPlan.version_id.is_(None))


def draft_totals(plan: PlanAnual) -> tuple[int, int]:
    """(number of items, total estimated value) of the draft."""
    count, total = db.session.execute(
        select(func.count(ItemPlan.id), func.coalesce(func.sum(ItemPlan.valor_total), 0)).where(
            ItemPlan.plan_id == plan.id, ItemPlan.version_id.is_(None)
        )
    ).one()
    return count, int(total)


def replace_draft(plan: PlanAnual, items: list[dict], origen: str) -> None:
    """The imported rows become the whole draft (the published versions do not change)."""
    before_count, before_total = draft_totals(plan)
    db.session.execute(
        delete(ItemPlan).where(ItemPlan.plan_id == plan.id, ItemPlan.version_id.is_(None))
    )
    db.session.add_all(
        ItemPlan(plan=plan, posicion=n, **values) for n, values in enumerate(items, start=1)
    )
    _touch(plan)
    after = {"items": len(items), "valor_total": sum(v["valor_total"] for v in items)}
    audit.record(
        "paa.importado",
        plan,
        f"Importación del PAA {plan.vigencia} desde {origen}"[:500],
        cambios=audit.diff({"items": before_count, "valor_total": before_total}, after),
    )


def add_item(plan: PlanAnual, values: dict) -> ItemPlan:
    posicion = db.session.scalar(
        select(func.coalesce(func.max(ItemPlan.posicion), 0)).where(
            ItemPlan.plan_id == plan.id, ItemPlan.version_id.is_(None)
        )
    )
    item = ItemPlan(plan=plan, posicion=posicion + 1, **values)
    db.session.add(item)
    _touch(plan)
    audit.record(
        "paa.item_agregado",
        item,
        f"Adquisición agregada al PAA {plan.vigencia}: {item.descripcion}",
        cambios=audit.diff({}, _snapshot(item)),
    )
    return item


def update_item(item: ItemPlan, values: dict) -> dict:
    before = _snapshot(item)
    for name, value in values.items():
        setattr(item, name, value)
    changes = audit.diff(before, _snapshot(item))
    if changes:
        _touch(item.plan)
        audit.record(
            "paa.item_modificado",
            item,
            f"Adquisición modificada en el PAA {item.plan.vigencia}",
            cambios=changes,
        )
    return changes


def delete_item(item: ItemPlan) -> None:
    audit.record(
        "paa.item_eliminado",
        item,
        f"Adquisición eliminada del PAA {item.plan.vigencia}: {item.descripcion}",
        cambios=audit.diff(_snapshot(item), dict.fromkeys(_snapshot(item))),
    )
    _touch(item.plan)
    db.session.delete(item)


def publish(plan: PlanAnual, actor: User, nota: str) -> VersionPlan:
    """Freeze a copy of the draft as the next version; earlier versions stay as they were."""
    items = db.session.scalars(draft_query(plan).order_by(ItemPlan.posicion)).all()
    if not items:
        raise Refused("El plan no tiene adquisiciones: agréguelas o impórtelas antes de publicar.")
    last = plan.ultima_version
    version = VersionPlan(
        plan=plan,
        numero=(last.numero + 1) if last else 1,
        publicada_en=clock.now(),
        publicada_por=actor,
        total_items=len(items),
        valor_total=sum(item.valor_total for item in items),
        nota=" ".join(nota.split())[:500],
    )
    db.session.add(version)
    db.session.flush()
    db.session.add_all(_frozen_copy(item, version) for item in items)
    audit.record(
        "paa.publicado",
        version,
        f"Publicación del Plan Anual de Adquisiciones {plan.vigencia}, versión {version.numero}",
        cambios=audit.diff(
            {
                "items": last.total_items if last else 0,
                "valor_total": last.valor_total if last else 0,
            },
            {"items": version.total_items, "valor_total": version.valor_total},
        ),
        publico=True,
        actor=actor,
    )
    return version


def has_unpublished_changes(plan: PlanAnual) -> bool:
    last = plan.ultima_version
    if plan.borrador_modificado_en is None:
        return False
    return last is None or plan.borrador_modificado_en > last.publicada_en


def _frozen_copy(item: ItemPlan, version: VersionPlan) -> ItemPlan:
    values = {name: getattr(item, name) for name in ITEM_FIELDS}
    return ItemPlan(plan_id=item.plan_id, version_id=version.id, posicion=item.posicion, **values)


def _snapshot(item: ItemPlan) -> dict:
    return {name: getattr(item, name) for name in ITEM_FIELDS if name != "texto_busqueda"}


def _touch(plan: PlanAnual) -> None:
    plan.borrador_modificado_en = clock.now()
