"""Search API used by views and commands; views never import whoosh.

`search(params)` answers a page of results; `index_processes(ids)` and `remove(ids)` follow
database writes (the ORM session hooks in `hooks.py` call them after every commit; bulk
loaders call them, or `reindex()`, themselves); `check()` and `status()` watch the index.
"""

from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from markupsafe import Markup

from portal import listing
from portal.models.vocab import clean_nit
from portal.search import index, query
from portal.search.highlight import highlight
from portal.search.maintenance import Differences, Rebuild, check, repair
from portal.search.maintenance import reindex as _reindex
from portal.search.params import SearchParams, parse
from portal.search.unspsc import resolve as resolve_unspsc

__all__ = [
    "Differences",
    "Rebuild",
    "ResultsPage",
    "SearchParams",
    "check",
    "index_processes",
    "init_app",
    "parse",
    "reindex",
    "remove",
    "repair",
    "search",
    "status",
]

OUTDATED_NOTE = (
    "El índice de búsqueda es de una versión anterior del portal: algunos resultados pueden "
    "faltar hasta que un administrador ejecute «flask --app portal search reindex»."
)
FACET_NAMES = {"estado": "estado", "modalidad_f": "modalidad", "departamento_f": "departamento"}


@dataclass
class Resultado:
    proceso: listing.ProcesoListado
    objeto: Markup
    exacto: bool = False


@dataclass
class ResultsPage:
    params: SearchParams
    total: int
    resultados: list[Resultado]
    facetas: dict[str, list[tuple[str, int]]]
    avisos: list[str] = field(default_factory=list)

    @property
    def paginas(self) -> int:
        size = current_app.config["PAGE_SIZE"]
        return max(1, -(-self.total // size))


def init_app(app: Flask) -> None:
    """Follow the database from the ORM session (see hooks.py)."""
    from portal.search.hooks import listen

    listen()


def index_processes(ids) -> int:
    """(Re)index these processes from the database; drafts and missing rows are removed."""
    return index.sync(ids)


def remove(ids) -> int:
    """Take these processes out of the index unless they are still public in the database."""
    return index.sync(ids)


def reindex(procs: int | None = None) -> Rebuild:
    """Rebuild the index from the database."""
    rebuilt = _reindex(procs=procs)
    query.drop_views()
    return rebuilt


def status() -> dict:
    """Describe the index for the health check."""
    path = Path(current_app.config["SEARCH_INDEX_DIR"])
    ix = index.get_index(create=False)
    if ix is None:
        return {"estado": "sin_indice", "ruta": path.name}
    return {
        "estado": "desactualizado" if index.outdated(ix) else "ok",
        "ruta": path.name,
        "documentos": ix.doc_count(),
        "pendientes": len(index.read_pending()),
    }


def search(params: SearchParams, nit: str = "") -> ResultsPage:
    """Answer one page of public processes for these parameters (within one entity's NIT)."""
    notes = list(params.avisos)
    unspsc_keys = resolve_unspsc(params.unspsc, notes) if params.unspsc else []
    text = query.parse_text(params.q)
    exact = query.exact_id_query(params.q)
    clauses = query.filter_clauses(params, unspsc_keys, clean_nit(nit))
    if text.query is not None:
        clauses.append(query.wq.Or([exact, text.query]) if exact else text.query)
    elif exact is not None:
        clauses.append(exact)
    elif params.q:
        notes.append(
            "La búsqueda no tenía palabras con las que buscar: se muestran todos los procesos."
        )
    full = query.wq.And(clauses) if clauses else query.wq.Every()
    orden = params.orden if (params.orden != "relevancia" or text.query or exact) else "fecha"
    view = query.current_view(index.get_index())
    if view.outdated:
        notes.append(OUTDATED_NOTE)
    size = current_app.config["PAGE_SIZE"]
    found = query.cached_run(view, full, exact, orden, params.pagina, size, text.stems)
    return ResultsPage(
        params=params,
        total=found.total,
        resultados=_load(view, found, text),
        facetas={FACET_NAMES[k]: _sorted(v) for k, v in found.facets.items()},
        avisos=notes,
    )


def _load(view, found, text) -> list[Resultado]:
    pks = [view.pk(d) for d in found.docnums]
    by_pk = listing.public_by_id(pks)  # a draft still in the index is left out
    return [
        Resultado(
            by_pk[pk], highlight(by_pk[pk].objeto, text.stems, text.prefixes), i < found.pinned
        )
        for i, pk in enumerate(pks)
        if pk in by_pk
    ]


def _sorted(counts: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
