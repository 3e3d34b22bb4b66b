"""Answering queries from per-term document bitmasks.

Whoosh's own query loop costs about a microsecond of Python per matching document, twice
when results are scored. Here each term's postings are read once into a bitmask (a Python
int, one bit per document, so `int.bit_count()` counts documents): per segment, kept while
the segment lives (`segments.py`), and combined per index version into a `View`. AND and OR
are big-int operations, totals and facet counts are popcounts, and only the page that is
shown is turned back into document numbers.
"""

import bisect
import math
from array import array
from collections import defaultdict
from heapq import nsmallest
from itertools import compress, islice

from whoosh import query as wq

from portal.search.schema import current_layout, layout
from portal.search.segments import (
    CACHE_BYTES,
    Recent,
    Segment,
    Term,
    docnums,
    flags_of,
    segment_key,
    to_mask,
)

__all__ = ["View", "by_column", "by_relevance", "docnums", "evaluate", "to_mask"]

MAX_CELLS = 512  # groups of equal score in a ranking; further stems stop refining it


class Leaf:
    def __init__(self, reader, offset: int, segment: Segment):
        self.reader = reader
        self.offset = offset
        self.segment = segment
        self.size = segment.size


class View:
    """One searcher: its segments' cached data combined, plus which documents are live."""

    def __init__(self, searcher, segments: dict | None = None):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        segments = {} if segments is None else segments
        self.leaves = self._leaves(segments)
        self._offsets = [leaf.offset for leaf in self.leaves]
        self.live = self._live_mask()
        self.outdated = layout(searcher.schema) != current_layout()
        self._terms = Recent(max(64, CACHE_BYTES // max(1, self.size // 8)))
        self._facets: dict[str, dict[str, int]] = {}
        self._columns: dict[str, array] = {}

    def _leaves(self, segments: dict) -> list[Leaf]:
        subs = self.searcher.subsearchers or [(self.searcher, 0)]
        leaves, keys = [], set()
        for sub, offset in subs:
            reader = sub.reader()
            key = segment_key(reader) or f"vacío:{id(reader)}"
            keys.add(key)
            if key not in segments:
                segments[key] = Segment(reader.doc_count_all())
            leaves.append(Leaf(reader, offset, segments[key]))
        for gone in segments.keys() - keys:  # merged away or replaced by a rebuild
            del segments[gone]
        return leaves

    def _live_mask(self) -> int:
        deleted = [
            leaf.offset + d
            for leaf in self.leaves
            for d in getattr(leaf.reader, "deleted_docs_set", None) or ()
        ]
        return ((1 << self.size) - 1) ^ to_mask(deleted, self.size)

    def _combine(self, parts: list[Term]) -> Term:
        """Segment terms into one index-wide term (a lone segment's term is used as is)."""
        if len(parts) == 1 and self.leaves[0].offset == 0:
            return parts[0]
        mask, levels = 0, defaultdict(int)
        for leaf, part in zip(self.leaves, parts, strict=True):
            shift = leaf.offset
            mask |= part.mask << shift
            for weight, level in part.levels.items():
                levels[weight] |= level << shift
        return Term(mask, sum(p.count for p in parts), dict(levels))

    def _cached(self, key: tuple[str, str], build) -> Term:
        return self._terms.get_or_build(key, build)

    # --- terms -----------------------------------------------------------------------------

    def term(self, fieldname: str, text: str) -> Term:
        """A term's documents, deleted ones included (queries mask them out)."""
        return self._cached(
            (fieldname, text),
            lambda: self._combine(
                [leaf.segment.term(leaf.reader, fieldname, text) for leaf in self.leaves]
            ),
        )

    def prefix(self, fieldname: str, text: str) -> int:
        """Documents with a word starting with `text`."""
        return self._cached(
            (fieldname, f"{text}*"),
            lambda: self._combine(
                [leaf.segment.prefix(leaf.reader, fieldname, text) for leaf in self.leaves]
            ),
        ).mask

    def idf(self, fieldname: str, text: str) -> float:
        """Whoosh's TF-IDF inverse document frequency (deleted documents still count)."""
        frequency = self.searcher.doc_frequency(fieldname, text)
        return math.log(self.searcher.doc_count_all() / (frequency + 1)) + 1

    # --- facets and sort keys --------------------------------------------------------------

    def facet_masks(self, fieldname: str) -> dict[str, int]:
        """Value -> bitmask of the documents holding it."""
        if fieldname not in self._facets:
            values = {v.decode("utf-8") for f in self.leaves for v in f.reader.lexicon(fieldname)}
            self._facets[fieldname] = {v: self.term(fieldname, v).mask for v in values}
        return self._facets[fieldname]

    def pk(self, docnum: int) -> int:
        """The database id of a document (a results page turns twenty of them into rows)."""
        leaf = self.leaves[bisect.bisect_right(self._offsets, docnum) - 1]
        return leaf.segment.pk(leaf.reader, docnum - leaf.offset)

    def facet_value(self, fieldname: str, docnum: int):
        """The facet value of one document."""
        leaf = self.leaves[bisect.bisect_right(self._offsets, docnum) - 1]
        labels, codes = leaf.segment.facet_values(leaf.reader, fieldname)
        return labels[codes[docnum - leaf.offset]]

    def column(self, fieldname: str) -> array:
        """The column value of every document (MISSING where absent)."""
        if fieldname not in self._columns:
            values = array("q")
            for leaf in self.leaves:
                values += leaf.segment.column(leaf.reader, fieldname)
            self._columns[fieldname] = values
        return self._columns[fieldname]

    def value_range(self, fieldname: str, low, high) -> int:
        """Documents whose column value is within [low, high] (either end open)."""

        def build() -> Term:
            found: list[int] = []
            for leaf in self.leaves:
                docs, values = leaf.segment.order(leaf.reader, fieldname)
                ascending = values[::-1]
                start = bisect.bisect_left(ascending, 0 if low is None else low)  # MISSING=-1
                end = len(ascending) if high is None else bisect.bisect_right(ascending, high)
                found += [leaf.offset + d for d in docs[len(docs) - end : len(docs) - start]]
            return Term(to_mask(found, self.size), len(found))

        return self._cached((fieldname, f"{low}..{high}"), build).mask


# --- evaluating a query ----------------------------------------------------------------------


def evaluate(view: View, query: wq.Query) -> int:
    """The mask of the live documents matching a query built by `query.py`."""
    return _eval(view, query) & view.live


def _eval(view: View, q: wq.Query) -> int:
    if isinstance(q, wq.And):
        mask = -1
        for sub in sorted(q.subqueries, key=lambda s: not isinstance(s, wq.Term)):
            mask &= _eval(view, sub)
            if not mask:
                return 0
        return mask & view.live if mask == -1 else mask
    if isinstance(q, wq.Or):
        mask = 0
        for sub in q.subqueries:
            mask |= _eval(view, sub)
        return mask
    if isinstance(q, wq.Term):
        return view.term(q.fieldname, q.text).mask
    if isinstance(q, wq.Prefix):
        return view.prefix(q.fieldname, q.text)
    if isinstance(q, wq.NumericRange):  # DateRange too: its ends are already Whoosh longs
        return view.value_range(q.fieldname, q.start, q.end)
    if isinstance(q, wq.Every):
        return view.live
    if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
        return 0
    raise TypeError(f"Consulta no soportada por el motor: {q!r}")


# --- ordering --------------------------------------------------------------------------------


def by_column(view: View, mask: int, total: int, fieldname: str, wanted: int) -> list[int]:
    """The first `wanted` matches by descending column value (ties by docnum)."""
    if total * 50 < view.size:  # sparse: sort the few matches instead of walking every document
        values = view.column(fieldname)
        found = docnums(mask, view.size, few=True)
        return sorted(found, key=lambda d: (-values[d], d))[:wanted]
    flags = flags_of(mask, view.size)
    best: list[tuple] = []
    for leaf in view.leaves:  # each segment's best by its own order, then merged
        docs, _ = leaf.segment.order(leaf.reader, fieldname)
        values = leaf.segment.column(leaf.reader, fieldname)
        local = flags[leaf.offset : leaf.offset + leaf.size]
        picked = islice(compress(docs, map(local.__getitem__, docs)), wanted)
        best += [(-values[d], leaf.offset + d) for d in picked]
    return [docnum for _, docnum in nsmallest(wanted, best)]


def by_relevance(view: View, mask: int, stems, wanted: int) -> list[int]:
    """The first `wanted` matches by TF-IDF over `texto` (ties by docnum), like Whoosh's TF_IDF.

    A document's score only depends on the frequency of each searched stem in it, and a stem
    has few distinct frequencies, so the matches fall into a few groups of equal score:
    take the groups from the best score down until the page is full.
    """
    cells = [(0.0, mask)]
    for stem in sorted(set(stems)):
        term = view.term("texto", stem)
        if not term.count or len(cells) > MAX_CELLS:
            continue
        idf = view.idf("texto", stem)
        cells = [
            (score + idf * weight, cell & level)
            for score, cell in cells
            for weight, level in term.levels.items()
            if cell & level
        ]
    groups: dict[float, int] = defaultdict(int)
    for score, cell in cells:
        groups[round(score, 9)] |= cell
    found: list[int] = []
    covered = 0
    for score in sorted(groups, reverse=True):
        if len(found) >= wanted:
            break
        found += islice(docnums(groups[score], view.size, few=True), wanted - len(found))
        covered |= groups[score]
    rest = mask & ~covered  # matches without any searched stem (exact ids, prefixes)
    if len(found) < wanted and rest:
        found += islice(docnums(rest, view.size, few=True), wanted - len(found))
    return found
