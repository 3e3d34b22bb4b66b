"""Histories and lists the pages and the shared partials read (also as template globals)."""

from sqlalchemy import select

from portal import access
from portal.contracts import breaches, modifications
from portal.extensions import db
from portal.models import Contrato, Evento, Incumplimiento, Modificacion

# Once sent, the contractor and the supervisor follow the modification; drafts stay in-house.
VISIBLE_PARA_PARTES = ("enviada", "aprobada", "rechazada", "publicada", "anulada")


def object_history(objeto, *, only_public: bool = False) -> list[Evento]:
    """The events of one object, oldest first."""
    query = select(Evento).where(
        Evento.objeto_tipo == type(objeto).__tablename__, Evento.objeto_id == objeto.id
    )
    if only_public:
        query = query.where(Evento.publico.is_(True))
    return list(db.session.scalars(query.order_by(Evento.creado_en, Evento.id)))


def visible_modifications(contrato: Contrato, roles=()) -> list[Modificacion]:
    """What each viewer sees: the entity all, the parties what was sent, the public what was published."""
    roles = set(roles or ())
    todas = modifications.of_contract(contrato)
    if access.has_role(roles, access.BUYER_ROLES):
        return todas
    if roles:
        return [m for m in todas if m.estado in VISIBLE_PARA_PARTES and m.enviada_en]
    return [m for m in todas if m.es_publica]


def contract_breaches(contrato: Contrato) -> list[Incumplimiento]:
    return breaches.of_contract(contrato)


def public_history(objeto) -> list[Evento]:
    return object_history(objeto, only_public=True)
