"""Reading the index: what people type becomes a query, and a page of results.

Queries are built as Whoosh query objects but answered by `engine.py` from per-term
bitmasks: each worker thread keeps one view of the index (renewed when the index changes)
and a request only combines cached masks, counts them and turns one page back into
documents. Exact id matches are pinned first.

Quoted phrases are ANDs of pairs of consecutive stems (stop words left out, as Whoosh's
phrase queries also skip them): exact for two words; for longer phrases every adjacent pair
must occur in the object or the entity's name, though not necessarily in one run.
"""

import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from whoosh import query as wq

from portal.formatting import BOGOTA
from portal.models.vocab import fold
from portal.search import engine
from portal.search.engine import View, to_mask
from portal.search.schema import SPANISH_STOP_WORDS, bigrams, spanish_terms, stem, words
from portal.search.segments import Recent

__all__ = ["View", "cached_run", "current_view", "drop_views", "run", "stem", "to_mask", "words"]

FACETS = ("estado", "modalidad_f", "departamento_f")
SORT_FIELDS = {"fecha": "fecha", "precio": "precio"}
QUOTED = re.compile(r'"([^"]*)"')
OPERATORS = {"and", "or", "not", "y", "o", "no"}
MIN_PREFIX = 3
FEW = 200  # below this many matches, facets are counted document by document
# Answers remembered per view (so per index version): popular searches and the plain list with its
# facets repeat far more often than the index changes. Each entry is one page of ids and counts.
FOUND_CACHE_SIZE = 512
_local = threading.local()


# --- what people type ------------------------------------------------------------------------


@dataclass
class TextQuery:
    query: wq.Query | None = None
    stems: set[str] = field(default_factory=set)  # for highlighting
    prefixes: set[str] = field(default_factory=set)


def parse_text(q: str) -> TextQuery:
    """Quoted phrases, `prefix*` and plain words, ANDed; anything malformed is a plain word."""
    parsed = TextQuery()
    clauses = [_phrase(text, parsed) for text in QUOTED.findall(q)]
    rest = QUOTED.sub(" ", q).replace('"', " ")
    for token in rest.split():
        clauses.append(_token(token, parsed))
    clauses = [c for c in clauses if c is not None]
    if clauses:
        parsed.query = clauses[0] if len(clauses) == 1 else wq.And(clauses)
    return parsed


def _phrase(text: str, parsed: TextQuery) -> wq.Query | None:
    stems = spanish_terms(text)
    parsed.stems.update(stems)
    if len(stems) > 1:
        # Pairs of consecutive stems, ANDed: exact for two words, and for longer phrases
        # every adjacent pair must occur (not necessarily in one run).
        pairs = [wq.Term("pares", pair) for pair in dict.fromkeys(bigrams(stems))]
        return pairs[0] if len(pairs) == 1 else wq.And(pairs)
    return _word_clause(stems[0], words(text)[0]) if stems else None


def _token(token: str, parsed: TextQuery) -> wq.Query | None:
    if token.endswith("*"):
        base = words(token.rstrip("*"))
        if len(base) == 1 and len(base[0]) >= MIN_PREFIX:
            parsed.prefixes.add(base[0])
            return wq.Prefix("palabras", base[0])
    plain = [w for w in words(token) if w not in OPERATORS or not token.isupper()]
    clauses = []
    for word in plain:
        if word in SPANISH_STOP_WORDS:
            continue
        parsed.stems.add(stem(word))
        clauses.append(_word_clause(stem(word), word))
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else wq.And(clauses)


def _word_clause(stemmed: str, word: str) -> wq.Query:
    """A word may be in the object, the entity's name or an identifier: all are in `texto`."""
    return wq.Term("texto", stemmed)


def exact_id_query(q: str) -> wq.Query | None:
    """A single id-like token (CO1.REQ.8610154, a referencia, a NIT) as an exact-match query."""
    token = q.strip().strip('"').strip()
    if not token or " " in token or not any(ch.isdecimal() for ch in token) or len(token) < 5:
        return None
    keys = {token.lower()}
    digits = "".join(ch for ch in token.split("-")[0] if ch.isdecimal())
    if re.fullmatch(r"[\d.]+(-\d)?", token) and len(digits) >= 6:
        keys.add(digits)  # a NIT written with dots or its check digit
    return wq.Or([wq.Term("ids", key) for key in sorted(keys)])


# --- the searcher ----------------------------------------------------------------------------


def current_view(ix) -> View:
    """This thread's view of the index, reused until another writer commits a new version."""
    if not hasattr(_local, "views"):
        _local.views, _local.segments = {}, {}
    views = _local.views
    key = ix.storage.folder
    view = views.get(key)
    segments = _local.segments.setdefault(key, {})  # what each segment gave, across versions
    if view is None or view.searcher.is_closed:
        view = views[key] = View(ix.searcher(), segments)
    elif not view.searcher.up_to_date():
        # Not Searcher.refresh(): whoosh-reloaded 2.7.5 merges the old reader's segments into
        # the new one, bringing deleted documents back. Without mmap a new searcher costs ~1 ms.
        view.searcher.close()
        view = views[key] = View(ix.searcher(), segments)
    return view


def drop_views() -> None:
    """Close this thread's searchers (tests and reindex use it)."""
    for view in getattr(_local, "views", {}).values():
        view.searcher.close()
    _local.views = {}
    _local.segments = {}
    _local.found = None


# --- running a search ------------------------------------------------------------------------


@dataclass
class Found:
    total: int
    docnums: list[int]  # the requested page, in order
    facets: dict[str, dict[str, int]]
    pinned: int = 0  # how many of the first results are exact id matches


def run(
    view: View, query: wq.Query, exact: wq.Query | None, orden: str, page: int, size: int, stems=()
) -> Found:
    """Count, facet and order the matches of `query`; exact id matches come first."""
    mask = engine.evaluate(view, query)
    total = mask.bit_count()
    pinned_mask = mask & engine.evaluate(view, exact) if exact is not None and total else 0
    pinned = list(engine.docnums(pinned_mask, view.size, few=True)) if pinned_mask else []
    rest = mask ^ pinned_mask  # pinned is a subset of mask
    wanted = page * size
    if not rest:
        ordered = []
    elif orden in SORT_FIELDS:
        ordered = engine.by_column(view, rest, total, SORT_FIELDS[orden], wanted)
    else:
        ordered = engine.by_relevance(view, rest, stems, wanted)
    ordered = pinned + ordered
    first = (page - 1) * size
    facets = facet_counts(view, mask, total)
    return Found(total, ordered[first : first + size], facets, len(pinned) if page == 1 else 0)


def cached_run(
    view: View, query: wq.Query, exact: wq.Query | None, orden: str, page: int, size: int, stems=()
) -> Found:
    """`run`, remembered for this thread's view: one index version always finds the same."""
    key = (query, exact, orden, page, size, frozenset(stems))
    return _found_cache(view).get_or_build(
        key, lambda: run(view, query, exact, orden, page, size, stems)
    )


def _found_cache(view: View) -> Recent:
    """This thread's answers for `view`; a new view (a new index version) starts empty."""
    remembered = getattr(_local, "found", None)
    if remembered is None or remembered[0] is not view:
        remembered = _local.found = (view, Recent(FOUND_CACHE_SIZE))
    return remembered[1]


def facet_counts(view: View, mask: int, total: int) -> dict[str, dict[str, int]]:
    """Counts per facet value: popcounts of intersections, or one by one for a few matches."""
    if total <= FEW:
        docs = list(engine.docnums(mask, view.size, few=True))
        counted = {name: Counter(view.facet_value(name, d) for d in docs) for name in FACETS}
        return {name: {v: n for v, n in c.items() if v is not None} for name, c in counted.items()}
    counts = {}
    for name in FACETS:
        found = {v: (mask & m).bit_count() for v, m in view.facet_masks(name).items()}
        counts[name] = {v: n for v, n in found.items() if n}
    return counts


# --- filters ---------------------------------------------------------------------------------


def filter_clauses(params, unspsc_keys: list[str], nit_scope: str = "") -> list[wq.Query]:
    """One clause per filter set in `params` (already validated by `params.parse`)."""
    clauses: list[wq.Query] = []
    if nit_scope:
        clauses.append(wq.Term("nit", nit_scope))
    if params.estado:
        clauses.append(wq.Term("estado", params.estado))
    for name in ("modalidad", "departamento", "ciudad", "tipo"):
        value = getattr(params, name)
        if value:
            clauses.append(wq.Term(name, fold(value)))
    if params.entidad:
        clauses.append(entity_clause(params.entidad))
    if params.precio_min is not None or params.precio_max is not None:
        clauses.append(wq.NumericRange("precio", params.precio_min, params.precio_max))
    if params.desde or params.hasta:
        clauses.append(wq.DateRange("fecha", *utc_bounds(params.desde, params.hasta)))
    if unspsc_keys:
        clauses.append(wq.Or([wq.Term("unspsc", key) for key in unspsc_keys]))
    return clauses


def entity_clause(value: str) -> wq.Query:
    """An entity by NIT (digits, with or without dots and check digit) or by words of its name."""
    digits = "".join(ch for ch in value.split("-")[0] if ch.isdecimal())
    if re.fullmatch(r"[\d. ]+(-\s*\d)?", value.strip()) and len(digits) >= 6:
        return wq.Term("nit", digits)
    stems = spanish_terms(value)
    if not stems:
        return wq.NullQuery
    return wq.And([wq.Term("entidad", s) for s in stems])


def utc_bounds(desde, hasta):
    """Whole days in Bogotá time as naive UTC datetimes, the way dates are indexed."""

    def to_utc(day, moment):
        return datetime.combine(day, moment, BOGOTA).astimezone(UTC).replace(tzinfo=None)

    start = to_utc(desde, time.min) if desde else None
    end = to_utc(hasta, time.max) if hasta else None
    return start, end
