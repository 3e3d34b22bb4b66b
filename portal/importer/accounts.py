"""Find or create the entities and providers a batch of rows names, in two queries.

An account is matched by its SECOP code when the row has one, else by its NIT/document number.
An account first created from a file without codes gets its code the first time a row brings
both, so that the same entity is never created twice.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update

from portal.extensions import db
from portal.models import Cuenta, Entidad, Proveedor
from portal.models.types import utcnow

Key = tuple[str, str]


def account_key(spec: dict[str, Any], document_field: str) -> Key:
    """The identity of an account spec: its SECOP code, else its document number."""
    if spec.get("codigo_secop"):
        return ("codigo", spec["codigo_secop"])
    return ("documento", spec[document_field])


def resolve_entidades(specs: Iterable[dict[str, Any]]) -> dict[Key, int]:
    """Return {key: entidad id} for every spec, creating the entities that are missing."""
    return _resolve(Entidad, Entidad.nit, "nit", specs)


def resolve_proveedores(specs: Iterable[dict[str, Any]]) -> dict[Key, int]:
    """Return {key: proveedor id} for every spec, creating the providers that are missing."""
    return _resolve(Proveedor, Proveedor.numero_documento, "numero_documento", specs)


def _merge(specs: Iterable[dict[str, Any]], document_field: str) -> dict[Key, dict[str, Any]]:
    # Rows of one batch may name the same account with more or less detail: keep the fullest.
    merged: dict[Key, dict[str, Any]] = {}
    for spec in specs:
        current = merged.setdefault(account_key(spec, document_field), dict(spec))
        for name, value in spec.items():
            if value not in (None, "") and current.get(name) in (None, ""):
                current[name] = value
    return merged


def _resolve(model, document_column, document_field: str, specs) -> dict[Key, int]:
    wanted = _merge(specs, document_field)
    # Coded accounts first, so that an uncoded row of the same NIT finds the one just created.
    coded = {key: spec for key, spec in wanted.items() if key[0] == "codigo"}
    uncoded = {key: spec for key, spec in wanted.items() if key[0] != "codigo"}
    found = _resolve_group(model, document_column, document_field, coded)
    return found | _resolve_group(model, document_column, document_field, uncoded)


def _resolve_group(model, document_column, document_field: str, wanted) -> dict[Key, int]:
    if not wanted:
        return {}
    codes = {key[1] for key in wanted if key[0] == "codigo"}
    documents = {spec[document_field] for spec in wanted.values() if spec[document_field]}
    rows = db.session.execute(
        select(model.id, model.codigo_secop, document_column)
        .where(or_(model.codigo_secop.in_(codes), document_column.in_(documents)))
        .order_by(model.id)
    ).all()
    by_code = {code: id_ for id_, code, _ in rows if code}
    uncoded_by_document: dict[str, list[int]] = {}
    any_by_document: dict[str, int] = {}
    for id_, code, document in rows:
        any_by_document.setdefault(document, id_)
        if code is None:
            uncoded_by_document.setdefault(document, []).append(id_)

    found: dict[Key, int] = {}
    adopted: list[dict[str, Any]] = []
    missing: dict[Key, dict[str, Any]] = {}
    for key, spec in wanted.items():
        kind, value = key
        document = spec[document_field]
        if kind == "codigo" and value in by_code:
            found[key] = by_code[value]
        elif kind == "codigo" and uncoded_by_document.get(document):
            # First time this account comes with its SECOP code: record it, do not duplicate.
            found[key] = uncoded_by_document[document].pop(0)
            adopted.append({"b_id": found[key], "b_code": value})
        elif kind != "codigo" and document in any_by_document:
            found[key] = any_by_document[document]
        else:
            missing[key] = spec
    _record_codes(model, adopted)
    return found | _create(model, document_field, missing)


def _record_codes(model, adopted: list[dict[str, Any]]) -> None:
    if not adopted:
        return
    table = model.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(codigo_secop=bindparam("b_code"))
    )
    db.session.execute(statement, adopted)


def _create(model, document_field: str, missing: dict[Key, dict[str, Any]]) -> dict[Key, int]:
    """Insert the missing accounts with two executemany statements (cuenta, then its subtable)."""
    if not missing:
        return {}
    now = utcnow()
    specs = [_complete(model, document_field, spec) for spec in missing.values()]
    cuenta = Cuenta.__table__
    base_rows = [
        {
            "tipo": model.__mapper_args__["polymorphic_identity"],
            "nombre": spec.pop("nombre"),
            "departamento": spec.pop("departamento", ""),
            "ciudad": spec.pop("ciudad", ""),
            "estado": "activa",
            "creado_en": now,
        }
        for spec in specs
    ]
    statement = insert(cuenta).returning(cuenta.c.id, sort_by_parameter_order=True)
    ids = db.session.execute(statement, base_rows).scalars().all()
    db.session.execute(
        insert(model.__table__), [spec | {"id": id_} for id_, spec in zip(ids, specs, strict=True)]
    )
    return dict(zip(missing, ids, strict=True))


def _complete(model, document_field: str, spec: dict[str, Any]) -> dict[str, Any]:
    # executemany needs the same keys in every row; empty text where a column wants text.
    values = {
        name: ("" if value is None and name not in _NULLABLE else value)
        for name, value in spec.items()
    }
    if not values.get("nombre"):
        label = "Entidad" if model is Entidad else "Proveedor"
        values["nombre"] = f"{label} {spec[document_field] or spec.get('codigo_secop')}"
    return values


_NULLABLE = {"codigo_secop", "es_pyme"}
