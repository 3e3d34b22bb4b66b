"""The UNSPSC classifier as a process sees it: which codes exist, and their Spanish names."""

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Unspsc


def unknown_codes(codes: list[str]) -> list[str]:
    """Codes absent from the classifier; nothing is unknown while the classifier is not loaded."""
    if not codes or not db.session.scalar(select(func.count()).select_from(Unspsc)):
        return []
    known = set(db.session.scalars(select(Unspsc.codigo).where(Unspsc.codigo.in_(codes))))
    return [c for c in codes if c not in known]


def code_names(codes: list[str]) -> dict[str, str]:
    """Spanish names of the codes the classifier knows."""
    if not codes:
        return {}
    rows = db.session.execute(select(Unspsc.codigo, Unspsc.nombre).where(Unspsc.codigo.in_(codes)))
    return dict(rows.all())
