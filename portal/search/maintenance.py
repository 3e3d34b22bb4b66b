"""Rebuilding the index from the database and comparing the two."""

import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select
from whoosh.writing import CLEAR

from portal.extensions import db
from portal.models import Proceso
from portal.search import index
from portal.search.index import document, get_index, open_writer, outdated, public_rows, sync
from portal.search.schema import build_schema

BATCH_ROWS = 2_000


@dataclass
class Rebuild:
    documentos: int
    segundos: float

    @property
    def por_segundo(self) -> float:
        return self.documentos / self.segundos if self.segundos else 0.0


@dataclass
class Differences:
    faltantes: list[int] = field(default_factory=list)  # public in the database, not indexed
    sobrantes: list[int] = field(default_factory=list)  # indexed, no longer public
    desactualizados: list[int] = field(default_factory=list)  # indexed from an older version

    @property
    def ok(self) -> bool:
        return not (self.faltantes or self.sobrantes or self.desactualizados)

    def all_ids(self) -> list[int]:
        return sorted({*self.faltantes, *self.sobrantes, *self.desactualizados})


def reindex(procs: int | None = None) -> Rebuild:
    """Rebuild the whole index from the database; searches see the old one until commit.

    Postings are pooled in memory (`whoosh_fix.CompactPool`, about 1.7 GB per process at a
    million processes), so there is no spill to disk to tune.
    """
    procs = procs or current_app.config.get("SEARCH_INDEX_PROCS", 1)
    options: dict = {"procs": procs}
    if procs > 1:
        # One segment per process and no final merge (it would double the build time); the
        # writer's multiprocess merge of runs on disk is never used (see whoosh_fix.py).
        options["multisegment"] = True
    started = time.perf_counter()
    ix = get_index()
    if outdated(ix):
        # Written by an older version of the portal: start again from the current schema
        # (searches see an empty index until this rebuild commits).
        ix = index.storage().create_index(build_schema())
        index.forget_index()
    writer = open_writer(ix, **options)
    count = 0
    try:
        rows = db.session.execute(public_rows().execution_options(yield_per=BATCH_ROWS))
        for row in rows:
            writer.add_document(**document(row))
            count += 1
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)
    return Rebuild(count, time.perf_counter() - started)


def check() -> Differences:
    """List the processes the index misses, holds in excess or holds in an older version."""
    public = {
        pk: (changed.isoformat() if changed else "")
        for pk, changed in db.session.execute(
            select(Proceso.id, Proceso.actualizado_en).where(Proceso.estado != "borrador")
        )
    }
    indexed = {}
    ix = get_index()
    with ix.reader() as reader:
        for fields in reader.all_stored_fields():
            indexed[int(fields["pk"])] = fields.get("version", "")
    return Differences(
        faltantes=sorted(public.keys() - indexed.keys()),
        sobrantes=sorted(indexed.keys() - public.keys()),
        desactualizados=sorted(
            pk for pk, version in indexed.items() if pk in public and public[pk] != version
        ),
    )


def repair(differences: Differences) -> int:
    """Write every differing process again; return how many documents were written."""
    return sync(differences.all_ids())
