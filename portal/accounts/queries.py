"""Read-only queries of accounts: entities by NIT, pending ones, members, documents."""

from sqlalchemy import or_, select

from portal.extensions import db
from portal.models import Cuenta, DocumentoCuenta, Entidad, Membresia, Proveedor
from portal.models.vocab import clean_nit


def entity_by_nit(nit: str) -> Entidad | None:
    """The entity with this NIT, written with or without dots and check digit."""
    digits = clean_nit(nit)
    if not digits:
        return None
    return db.session.scalar(
        select(Entidad)
        .where(or_(Entidad.nit == digits, Entidad.nit.like(f"{digits}-%"), Entidad.nit == nit))
        .order_by(Entidad.id)
        .limit(1)
    )


def provider_by_document(numero: str) -> Proveedor | None:
    """A provider account with this document number (any document type or state)."""
    query = select(Proveedor).where(Proveedor.numero_documento == numero).limit(1)
    return db.session.scalars(query).first()


def pending_entities() -> list[Entidad]:
    """Entity accounts waiting for activation, oldest first."""
    query = (
        select(Entidad)
        .where(Entidad.estado == "pendiente_activacion")
        .order_by(Entidad.creado_en, Entidad.id)
    )
    return list(db.session.scalars(query))


def account_documents(cuenta: Cuenta) -> list[DocumentoCuenta]:
    """The documents kept with the account (registration papers and request evidence)."""
    query = select(DocumentoCuenta).where(DocumentoCuenta.cuenta_id == cuenta.id)
    return list(db.session.scalars(query))


def members_of(cuenta: Cuenta) -> list[Membresia]:
    """Every membership of the account, pending requests first, then newest first."""
    query = (
        select(Membresia)
        .where(Membresia.cuenta_id == cuenta.id)
        .order_by(Membresia.estado != "pendiente", Membresia.creado_en.desc())
    )
    return list(db.session.scalars(query))


def memberships_of_user(usuario_id: int) -> list[Membresia]:
    """The user's memberships and requests in every state, newest first."""
    query = (
        select(Membresia)
        .where(Membresia.usuario_id == usuario_id)
        .order_by(Membresia.creado_en.desc(), Membresia.id.desc())
    )
    return list(db.session.scalars(query))
