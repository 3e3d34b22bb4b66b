"""Answering queries from per-term document bitmasks, built once per index version.

Whoosh's own query loop costs about a microsecond of Python per matching document, twice
when results are scored. Here each term's postings are read once per index version into a
bitmask (a Python int, one byte per document, so `int.bit_count()` counts documents); AND
and OR are big-int operations, totals and facet counts are popcounts, and only the page
that is shown is turned back into document numbers. Term masks live in a small LRU cache
bounded by memory; facet masks and sort orders are built the first time they are needed.
"""

import bisect
import math
from collections import OrderedDict, defaultdict, deque
from itertools import accumulate, compress, islice, repeat

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher

CACHE_BYTES = 96 * 1024 * 1024  # term masks kept per searcher (about 960 terms at 100k)
MAX_CELLS = 512  # groups of equal score in a ranking; further stems stop refining it


def to_mask(docnums, size: int) -> int:
    """Documents as an int with one byte per document: popcount of an AND counts the overlap."""
    flags = bytearray(size)
    deque(map(flags.__setitem__, docnums, repeat(1)), maxlen=0)
    return int.from_bytes(flags, "little")


def docnums(mask: int, size: int, few: bool = False):
    """The document numbers of a mask, ascending (lazily, in C); `few` when it is sparse."""
    flags = mask.to_bytes(size, "little")
    if few:  # memchr from one match to the next instead of visiting every document
        return _scan(flags)
    return compress(range(size), flags)


def _scan(flags: bytes):
    found = flags.find(1)
    while found >= 0:
        yield found
        found = flags.find(1, found + 1)


class Term:
    """One term's documents, and for weighted fields a mask per term frequency."""

    def __init__(self, mask: int, count: int, levels: dict[float, int] | None = None):
        self.mask = mask
        self.count = count
        self.levels = levels or {}


class View:
    """One searcher and what is derived from it: term masks, facet masks, sort orders."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        self.live = self._live_mask()
        self._terms: OrderedDict = OrderedDict()
        self._max_terms = max(64, CACHE_BYTES // max(1, self.size))
        self._facets: dict[str, dict[str, int]] = {}
        self._columns: dict[str, list] = {}
        self._orders: dict[str, tuple[list[int], list]] = {}

    def leaves(self):
        if self.searcher.subsearchers:
            return [(s.reader(), offset) for s, offset in self.searcher.subsearchers]
        return [(self.searcher.reader(), 0)]

    def _live_mask(self) -> int:
        deleted = [offset + d for reader, offset in self.leaves() for d in _deleted(reader)]
        return ((1 << (8 * self.size)) - 1) // 255 ^ to_mask(deleted, self.size)

    # --- terms -----------------------------------------------------------------------------

    def term(self, fieldname: str, text: str) -> Term:
        """The cached documents of one term (weighted fields keep one mask per frequency)."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is None:
            found = self._terms[key] = self._read_term(fieldname, text)
            if len(self._terms) > self._max_terms:
                self._terms.popitem(last=False)
        else:
            self._terms.move_to_end(key)
        return found

    def _read_term(self, fieldname: str, text: str) -> Term:
        weighted = fieldname == "texto"
        by_weight: dict[float, list[int]] = defaultdict(list)
        for reader, offset in self.leaves():
            for docnum, weight in _postings(reader, fieldname, text, weighted):
                by_weight[weight].append(docnum + offset)
        every = [d for docs in by_weight.values() for d in docs]
        levels = {w: to_mask(docs, self.size) for w, docs in by_weight.items()} if weighted else {}
        return Term(to_mask(every, self.size), len(every), levels)

    def _cached(self, key: tuple[str, str], build) -> int:
        """A derived mask (prefix, range) kept in the same LRU cache as terms."""
        found = self._terms.get(key)
        if found is None:
            docs = build()
            found = self._terms[key] = Term(to_mask(docs, self.size), len(docs))
            if len(self._terms) > self._max_terms:
                self._terms.popitem(last=False)
        return found.mask

    def prefix(self, fieldname: str, text: str) -> int:
        """Documents with a word starting with `text`."""

        def build():
            found = []
            for reader, offset in self.leaves():
                for term in reader.expand_prefix(fieldname, text):
                    found += [d + offset for d, _ in _postings(reader, fieldname, term, False)]
            return found

        return self._cached((fieldname, f"{text}*"), build)

    # --- facets and sort keys --------------------------------------------------------------

    def facet_masks(self, fieldname: str) -> dict[str, int]:
        """Value -> bitmask of the documents holding it."""
        if fieldname not in self._facets:
            values = {v.decode("utf-8") for r, _ in self.leaves() for v in r.lexicon(fieldname)}
            self._facets[fieldname] = {v: self._read_term(fieldname, v).mask for v in values}
        return self._facets[fieldname]

    def facet_values(self, fieldname: str) -> list:
        """The facet value of every document, to count a handful of matches one by one."""
        key = f"{fieldname}:values"
        if key not in self._columns:
            values: list = [None] * self.size
            for value, mask in self.facet_masks(fieldname).items():
                for docnum in docnums(mask, self.size):
                    values[docnum] = value
            self._columns[key] = values
        return self._columns[key]

    def column(self, fieldname: str) -> list:
        """The column value of every document (MISSING where absent), once per version."""
        if fieldname not in self._columns:
            values: list = []
            for reader, _ in self.leaves():
                if reader.has_column(fieldname):
                    values += list(reader.column_reader(fieldname))
                else:
                    values += [-1] * reader.doc_count_all()
            self._columns[fieldname] = values
        return self._columns[fieldname]

    def order(self, fieldname: str) -> tuple[list[int], list]:
        """Document numbers by descending value (ties by docnum), and the values in that order."""
        if fieldname not in self._orders:
            values = self.column(fieldname)
            docs = sorted(range(self.size), key=values.__getitem__, reverse=True)
            self._orders[fieldname] = (docs, [values[d] for d in docs])
        return self._orders[fieldname]

    def value_range(self, fieldname: str, low, high) -> int:
        """Documents whose column value is within [low, high] (either end open)."""

        def build():
            docs, values = self.order(fieldname)
            ascending = values[::-1]
            start = bisect.bisect_left(ascending, 0 if low is None else low)  # MISSING is -1
            end = len(ascending) if high is None else bisect.bisect_right(ascending, high)
            return docs[len(docs) - end : len(docs) - start]

        return self._cached((fieldname, f"{low}..{high}"), build)


def _postings(reader, fieldname: str, text: str, weighted: bool):
    """(docnum, weight) of a term in one segment, deleted documents left out."""
    if (fieldname, text) not in reader:
        return []
    fieldobj = reader.schema[fieldname]
    matcher = reader._terms.matcher(fieldname, fieldobj.to_bytes(text), fieldobj.format)
    pairs = _read_blocks(matcher, weighted) if type(matcher) is W3LeafMatcher else []
    if type(matcher) is not W3LeafMatcher:  # another codec: the generic (slower) reader
        while matcher.is_active():
            pairs.append((matcher.id(), matcher.weight() if weighted else 1.0))
            matcher.next()
    deleted = _deleted(reader)
    return [p for p in pairs if p[0] not in deleted] if deleted else pairs


def _deleted(reader) -> set[int]:
    return getattr(reader, "deleted_docs_set", None) or set()  # an empty index has none


def _read_blocks(matcher: W3LeafMatcher, weighted: bool) -> list[tuple[int, float]]:
    """Decode whole posting blocks at once instead of one posting per Python call."""
    pairs: list[tuple[int, float]] = []
    while True:
        matcher._read_data()
        ids = accumulate(matcher._data[0])
        if weighted:
            matcher._read_weights()
            pairs += zip(ids, matcher._weights, strict=False)
        else:
            pairs += zip(ids, repeat(1.0), strict=False)
        if matcher._lastblock:
            return pairs
        matcher._goto(matcher._nextoffset)


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
    docs, _ = view.order(fieldname)
    if total * 50 < view.size:  # sparse: sort the few matches instead of walking every document
        values = view.column(fieldname)
        found = docnums(mask, view.size, few=True)
        return sorted(found, key=lambda d: (-values[d], d))[:wanted]
    flags = mask.to_bytes(view.size, "little")
    return list(islice(compress(docs, map(flags.__getitem__, docs)), wanted))


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
        idf = math.log(view.size / (term.count + 1)) + 1
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
