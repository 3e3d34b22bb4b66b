"""Load the entity, plan or draft item a view needs, or answer 404/403."""

from flask import abort

from portal.access import require_account_role
from portal.errors import Refused
from portal.extensions import db
from portal.models import Entidad, ItemPlan, PlanAnual
from portal.paa import services


def load_entidad(cuenta_id: int, *roles: str) -> Entidad:
    """The active entity account, if the current user has one of ``roles`` in it."""
    entidad = db.get_or_404(Entidad, cuenta_id)
    require_account_role(entidad, *roles)
    if entidad.estado != "activa":
        detail = (
            "La cuenta está pendiente de activación: podrá gestionar su PAA cuando esté activa."
        )
        raise Refused(detail, 403)
    return entidad


def load_plan(cuenta_id: int, anio: int, *roles: str) -> PlanAnual:
    plan = services.find_plan(load_entidad(cuenta_id, *roles), anio)
    if plan is None:
        abort(404)
    return plan


def load_item(plan: PlanAnual, item_id: int) -> ItemPlan:
    item = db.get_or_404(ItemPlan, item_id)
    if item.plan_id != plan.id or item.version_id is not None:
        abort(404)  # published items never change
    return item
