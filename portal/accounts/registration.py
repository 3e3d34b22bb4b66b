"""Register entity and provider accounts. Flush and log, never commit."""

from sqlalchemy import or_, select

from portal import access, audit, clock
from portal.accounts.documents import store_documents
from portal.extensions import db
from portal.models import Cuenta, Entidad, Membresia, Proveedor, User
from portal.textmatch import contains_folded

ENTIDAD_FIELDS = (
    "nombre",
    "nit",
    "orden",
    "rama",
    "sector",
    "tipo_entidad",
    "departamento",
    "ciudad",
    "direccion",
    "telefono",
    "correo",
)
PROVEEDOR_FIELDS = (
    "tipo_persona",
    "nombre",
    "tipo_documento",
    "numero_documento",
    "departamento",
    "ciudad",
    "direccion",
    "telefono",
    "correo",
)
LIVE_STATES = ("activa", "pendiente_activacion")


def existing_entidad(nit: str) -> Entidad | None:
    """An active or pending entity with this NIT (a rejected registration may be redone)."""
    return db.session.scalar(
        select(Entidad).where(Entidad.nit == nit, Entidad.estado.in_(LIVE_STATES)).limit(1)
    )


def existing_proveedor(tipo_documento: str, numero: str) -> Proveedor | None:
    return db.session.scalar(
        select(Proveedor)
        .where(
            Proveedor.tipo_documento == tipo_documento,
            Proveedor.numero_documento == numero,
            Proveedor.estado.in_(LIVE_STATES),
        )
        .limit(1)
    )


def register_entidad(user: User, data: dict, files: dict) -> Entidad:
    """A new entity account, pending activation; ``user`` becomes its Administrador."""
    values = {field: _clean(data[field]) for field in ENTIDAD_FIELDS}
    values["correo"] = values["correo"].lower()
    entidad = Entidad(**values, estado="pendiente_activacion", registrada_por=user)
    db.session.add(entidad)
    documentos = store_documents(entidad, user, files)
    audit.record(
        "cuenta.registrada",
        entidad,
        f"Registro de la Entidad Estatal {entidad.nombre} (pendiente de activación)",
        cambios=audit.diff({}, values | {"documentos": len(documentos)}),
    )
    _first_administrator(user, entidad)
    return entidad


def register_proveedor(user: User, data: dict) -> Proveedor:
    """A new provider account, active at once (SECOP II does not activate providers)."""
    values = {field: _clean(data[field]) for field in PROVEEDOR_FIELDS}
    values["correo"] = values["correo"].lower()
    proveedor = Proveedor(**values, estado="activa", registrada_por=user)
    db.session.add(proveedor)
    audit.record(
        "cuenta.registrada",
        proveedor,
        f"Registro del proveedor {proveedor.nombre}",
        cambios=audit.diff({}, values),
    )
    return _first_administrator(user, proveedor).cuenta


def _first_administrator(user: User, cuenta: Cuenta) -> Membresia:
    membresia = Membresia(
        usuario=user,
        cuenta=cuenta,
        rol=access.ADMINISTRADOR,
        estado="aceptado",
        decidido_en=clock.now(),
        decidido_por=user,
        mensaje="Usuario que registró la cuenta",
    )
    db.session.add(membresia)
    audit.record(
        "membresia.aceptada",
        membresia,
        f"{user.nombres} registró la cuenta y es su Administrador",
        cambios={"rol": [None, access.ADMINISTRADOR], "estado": [None, "aceptado"]},
    )
    return membresia


def search_accounts(text: str, limit: int = 20) -> list[Cuenta]:
    """Active accounts whose name contains ``text`` or whose NIT/document is ``text``."""
    value = " ".join(text.split())
    if len(value) < 3:
        return []
    digits = "".join(c for c in value if c.isdecimal())
    # Plain tables: joining the mapped subclasses would select the base table twice.
    entidad, proveedor = Entidad.__table__, Proveedor.__table__
    by_document = [entidad.c.nit == digits, proveedor.c.numero_documento == digits]
    query = (
        select(Cuenta)
        .outerjoin(entidad, entidad.c.id == Cuenta.id)
        .outerjoin(proveedor, proveedor.c.id == Cuenta.id)
        .where(Cuenta.estado == "activa")
        .where(
            or_(
                contains_folded(Cuenta.nombre, value),
                *(by_document if digits else []),
            )
        )
        .order_by(Cuenta.nombre)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def _clean(value) -> str:
    return " ".join(str(value or "").split())
