"""Upsert a batch of parsed rows into processes or contracts, with bulk statements.

One batch is one transaction: a few SELECTs (accounts, existing rows, linked processes), one
INSERT ... RETURNING for new rows, one executemany UPDATE for changed rows, one INSERT of
public events. Rows whose fingerprint (``huella_fuente``) matches are left alone, so a second
run over the same file writes nothing.
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, insert, select, update

from portal.extensions import db
from portal.importer.accounts import account_key, resolve_entidades, resolve_proveedores
from portal.importer.rows import Parsed
from portal.models import Contrato, Evento, Proceso
from portal.models.types import utcnow


@dataclass
class Conteo:
    """What one batch did."""

    insertadas: int = 0
    actualizadas: int = 0
    sin_cambios: int = 0
    proceso_ids: list[int] = field(default_factory=list)
    avisos: list[tuple[str, str]] = field(default_factory=list)  # (where, notice)


@dataclass(frozen=True)
class Target:
    """How one dataset lands in its model."""

    model: Any
    key: str
    objeto_tipo: str
    proveedor_field: str
    # The source's own "last changed" date: an older extract must not undo a newer one.
    fresh_field: str


PROCESOS = Target(
    Proceso, "id_del_proceso", "proceso", "adjudicatario_id", "fecha_ultima_publicacion"
)
CONTRATOS = Target(
    Contrato, "id_contrato", "contrato", "proveedor_id", "fecha_ultima_actualizacion"
)


def save_batch(target: Target, batch: list[tuple[str, Parsed]]) -> Conteo:
    """Insert new rows, update changed ones, log one public event each; flush, no commit."""
    conteo = Conteo()
    rows = _rows_with_accounts(target, [parsed for _, parsed in batch])
    existing = _existing(target, list(rows))
    inserts, updates = [], []
    for where, parsed in batch:
        row, stored = rows[parsed.key], existing.get(parsed.key)
        if stored is None:
            inserts.append(row)
        elif stored.huella_fuente == parsed.huella:
            conteo.sin_cambios += 1
        elif _older_than_stored(target, row, stored):
            conteo.sin_cambios += 1
            conteo.avisos.append((where, _older_notice(target, parsed.key)))
        else:
            updates.append(row | {"id": stored.id, "actualizado_en": utcnow()})
    if target is CONTRATOS:
        _link_to_processes(inserts + updates)
    inserted_ids = _insert(target, inserts)
    if updates:
        db.session.execute(update(target.model), updates)
    written = [
        (id_, "Importado desde SECOP II", row)
        for id_, row in zip(inserted_ids, inserts, strict=True)
    ]
    written += [(row["id"], "Actualizado desde SECOP II", row) for row in updates]
    if target is PROCESOS:
        _link_contracts_of([row for _, _, row in written])
        conteo.proceso_ids = [id_ for id_, _, _ in written]
    _log_events(target, written)
    conteo.insertadas, conteo.actualizadas = len(inserts), len(updates)
    return conteo


def _rows_with_accounts(target: Target, parsed: list[Parsed]) -> dict[str, dict[str, Any]]:
    entidades = resolve_entidades(p.entidad for p in parsed)
    proveedores = resolve_proveedores(p.proveedor for p in parsed if p.proveedor)
    rows = {}
    for p in parsed:
        row = _fit(target.model, p.values) | {"origen": "secop", "huella_fuente": p.huella}
        row["entidad_id"] = entidades[account_key(p.entidad, "nit")]
        row[target.proveedor_field] = (
            proveedores[account_key(p.proveedor, "numero_documento")] if p.proveedor else None
        )
        rows[p.key] = row
    return rows


def _fit(model, values: dict[str, Any]) -> dict[str, Any]:
    # PostgreSQL refuses over-long text where SQLite would not: cut to the column size.
    columns = model.__table__.c
    fitted = {}
    for name, value in values.items():
        length = getattr(columns[name].type, "length", None)
        too_long = isinstance(columns[name].type, String) and length and isinstance(value, str)
        fitted[name] = value[:length] if too_long and len(value) > length else value
    return fitted


def _existing(target: Target, keys: list[str]) -> dict[str, Any]:
    model = target.model
    key_column = getattr(model, target.key)
    columns = [model.id, key_column, model.huella_fuente, getattr(model, target.fresh_field)]
    found = db.session.execute(select(*columns).where(key_column.in_(keys))).all()
    return {row[1]: row for row in found}


def _older_than_stored(target: Target, row: dict[str, Any], stored: Any) -> bool:
    new, old = row.get(target.fresh_field), getattr(stored, target.fresh_field)
    return bool(new and old and new < old)


def _older_notice(target: Target, key: str) -> str:
    fecha = "fecha de última publicación" if target is PROCESOS else "última actualización"
    return f"{key}: la fila es más antigua ({fecha}) que la guardada; se conserva la guardada"


def _insert(target: Target, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    # A plain executemany then one SELECT is ~3x faster than INSERT ... RETURNING on SQLite.
    db.session.execute(insert(target.model), rows)
    key_column = getattr(target.model, target.key)
    keys = [row[target.key] for row in rows]
    ids = dict(
        db.session.execute(select(key_column, target.model.id).where(key_column.in_(keys))).all()
    )
    return [ids[key] for key in keys]


def _link_to_processes(rows: list[dict[str, Any]]) -> None:
    """Set ``proceso_id`` of contracts whose proceso_de_compra is a known portfolio."""
    portfolios = {row["proceso_de_compra"] for row in rows if row["proceso_de_compra"]}
    found = db.session.execute(
        select(Proceso.id_del_portafolio, Proceso.id)
        .where(Proceso.id_del_portafolio.in_(portfolios))
        .order_by(Proceso.id.desc())
    ).all()
    by_portfolio = dict(found)  # the lowest id wins: rows come in descending order
    for row in rows:
        row["proceso_id"] = by_portfolio.get(row["proceso_de_compra"])


def _link_contracts_of(process_rows: list[dict[str, Any]]) -> None:
    """Attach contracts imported before their process (the join is the portfolio id)."""
    portfolios = {row["id_del_portafolio"] for row in process_rows if row["id_del_portafolio"]}
    if not portfolios:
        return
    contrato = Contrato.__table__
    process_id = (
        select(Proceso.id)
        .where(Proceso.id_del_portafolio == contrato.c.proceso_de_compra)
        .order_by(Proceso.id)
        .limit(1)
        .scalar_subquery()
    )
    db.session.execute(
        update(contrato)
        .where(contrato.c.proceso_de_compra.in_(portfolios), contrato.c.proceso_id.is_(None))
        .values(proceso_id=process_id)
    )


def _log_events(target: Target, written: list[tuple[int, str, dict[str, Any]]]) -> None:
    if not written:
        return
    now = utcnow()
    events = [
        {
            "creado_en": now,
            "accion": "importado" if description.startswith("Importado") else "actualizado",
            "descripcion": description,
            "objeto_tipo": target.objeto_tipo,
            "objeto_id": id_,
            "proceso_id": id_ if target is PROCESOS else row.get("proceso_id"),
            "publico": True,
            "cambios": {},
            "actor_nombre": "Sistema",
        }
        for id_, description, row in written
    ]
    db.session.execute(insert(Evento), events)
