"""What a contract page shows of its changes: modifications per viewer, breaches and their public
histories, each loaded in one query for the whole list."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import access
from portal.contracts import modifications
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


def contract_changes(contrato: Contrato, roles=()) -> dict:
    """The context of the shared partials contracts/_modificaciones and _incumplimientos."""
    incumplimientos = contract_breaches(contrato)
    return {
        "modificaciones": visible_modifications(contrato, roles),
        "incumplimientos": incumplimientos,
        "historial_incumplimientos": public_histories(incumplimientos),
    }


def contract_breaches(contrato: Contrato) -> list[Incumplimiento]:
    """The contract's breaches with their documents, oldest first."""
    query = (
        select(Incumplimiento)
        .where(Incumplimiento.contrato_id == contrato.id)
        .options(selectinload(Incumplimiento.documentos))
        .order_by(Incumplimiento.fecha, Incumplimiento.id)
    )
    return list(db.session.scalars(query))


def public_histories(objetos: list) -> dict[int, list[Evento]]:
    """The public events of several objects of one kind, by object id, in one query."""
    if not objetos:
        return {}
    query = select(Evento).where(
        Evento.objeto_tipo == type(objetos[0]).__tablename__,
        Evento.objeto_id.in_([o.id for o in objetos]),
        Evento.publico.is_(True),
    )
    histories: dict[int, list[Evento]] = {o.id: [] for o in objetos}
    for evento in db.session.scalars(query.order_by(Evento.creado_en, Evento.id)):
        histories[evento.objeto_id].append(evento)
    return histories
