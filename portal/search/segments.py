"""What is read from one index segment, kept while the segment lives.

A commit adds a small segment and marks deletions in the others, but never changes a
segment's postings nor its columns: so term masks, columns and sort orders are cached per
segment (deleted documents included; each view masks them out), and after a one-document
update only the new small segment is read again, not the whole index.
"""

import sys
from array import array
from collections import OrderedDict, defaultdict, deque
from functools import lru_cache
from itertools import accumulate, compress, repeat

from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import NumericColumn

from portal.search.schema import MISSING

CACHE_BYTES = 64 * 1024 * 1024  # term masks kept per segment (about 5,000 terms at 100k)

# Which bits of a byte are set, for every byte value: turns the few nonzero bytes of a sparse
# mask into document numbers without visiting the zero ones.
BITS_OF = tuple(tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256))
NONZERO = bytes([0] + [1] * 255)  # bytes.translate table: any set bit -> 1


def to_mask(docnums, size: int) -> int:
    """Documents as an int with one bit per document: `bit_count()` of an AND counts the overlap.

    The flags are laid out one byte per document (a C-speed scatter) and then packed to one
    bit per document with three shift-and-mask steps over the whole int, so building a mask
    stays linear and in C; eight times smaller masks make every AND and count eight times cheaper.
    """
    flags = bytearray(_padded(size))
    deque(map(flags.__setitem__, docnums, repeat(1)), maxlen=0)
    return _pack(int.from_bytes(flags, "little"), _padded(size))


def flags_of(mask: int, size: int) -> bytes:
    """One byte per document (0 or 1): for walking documents in an order of their own."""
    return _unpack(mask, _padded(size))[:size]


def docnums(mask: int, size: int, few: bool = False):
    """The document numbers of a mask, ascending (lazily, in C); `few` when it is sparse."""
    if few:  # memchr from one nonzero byte to the next instead of visiting every document
        return _scan(mask.to_bytes(_padded(size) // 8, "little"))
    return compress(range(size), flags_of(mask, size))


def _scan(packed: bytes):
    nonzero = packed.translate(NONZERO)
    found = nonzero.find(1)
    while found >= 0:
        base = 8 * found
        for bit in BITS_OF[packed[found]]:
            yield base + bit
        found = nonzero.find(1, found + 1)


def _padded(size: int) -> int:
    """Documents rounded up to whole 64-bit words of packed bits (eight per byte, eight bytes)."""
    return -(-max(size, 1) // 64) * 64


def _pack(spread: int, padded: int) -> int:
    """Bit 8*d (one byte per document) -> bit d, for `padded` documents."""
    keep2, keep4, keep8 = _pack_patterns(padded)
    packed = (spread | spread >> 7) & keep2  # pairs: bits 0-1 of every 16
    packed = (packed | packed >> 14) & keep4  # fours: bits 0-3 of every 32
    packed = (packed | packed >> 28) & keep8  # eights: the low byte of every 64-bit word
    return int.from_bytes(packed.to_bytes(padded, "little")[::8], "little")


def _unpack(mask: int, padded: int) -> bytes:
    """Bit d -> byte d (0 or 1): `_pack` backwards."""
    words = bytearray(padded)
    words[::8] = mask.to_bytes(padded // 8, "little")  # each byte of bits into its own word
    keep4, keep2, keep1 = _unpack_patterns(padded)
    spread = int.from_bytes(words, "little")
    spread = (spread | spread << 28) & keep4
    spread = (spread | spread << 14) & keep2
    spread = (spread | spread << 7) & keep1
    return spread.to_bytes(padded, "little")


@lru_cache(maxsize=8)
def _pack_patterns(padded: int) -> tuple[int, int, int]:
    return (
        _repeat(b"\x03\x00", padded),  # bits 0-1 of every 16
        _repeat(b"\x0f\x00\x00\x00", padded),  # bits 0-3 of every 32
        _repeat(b"\xff" + bytes(7), padded),  # bits 0-7 of every 64
    )


@lru_cache(maxsize=8)
def _unpack_patterns(padded: int) -> tuple[int, int, int]:
    return (
        _repeat(b"\x0f\x00\x00\x00", padded),  # bits 0-3 and 32-35 of every 64
        _repeat(b"\x03\x00", padded),  # bits 0-1 and 16-17 of every 32
        _repeat(b"\x01", padded),  # bit 0 of every byte
    )


def _repeat(unit: bytes, length: int) -> int:
    return int.from_bytes(unit * (length // len(unit)), "little")


class Recent(OrderedDict):
    """The `size` most recently used entries: what a worker thread keeps of terms and answers."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def get_or_build(self, key, build):
        found = self.get(key)
        if found is None:
            found = self[key] = build()
            if len(self) > self.size:
                self.popitem(last=False)
        else:
            self.move_to_end(key)
        return found


class Term:
    """One term's documents, and for weighted fields a mask per term frequency."""

    def __init__(self, mask: int, count: int, levels: dict[float, int] | None = None):
        self.mask = mask
        self.count = count
        self.levels = levels or {}


def segment_key(reader) -> str | None:
    segment = reader.segment() if hasattr(reader, "segment") else None
    return segment.segment_id() if segment else None  # an empty index has no segment


class Segment:
    """Term masks, columns and orders of one segment; pass its current reader to each call."""

    def __init__(self, size: int):
        self.size = size
        self._terms = Recent(max(64, CACHE_BYTES // max(1, size // 8)))
        self._columns: dict[str, array] = {}
        self._orders: dict[str, tuple[array, array]] = {}
        self._facet_values: dict[str, tuple[list, array]] = {}
        self._pks: array | None = None

    def cached(self, key: tuple[str, str], build) -> Term:
        return self._terms.get_or_build(key, build)

    def term(self, reader, fieldname: str, text: str) -> Term:
        """A term's documents (for `texto`, one mask per frequency for ranking)."""
        return self.cached((fieldname, text), lambda: self._read(reader, fieldname, text))

    def _read(self, reader, fieldname: str, text: str) -> Term:
        if fieldname != "texto":
            docs = postings(reader, fieldname, text)
            return Term(to_mask(docs, self.size), len(docs))
        by_weight: dict[float, list[int]] = defaultdict(list)
        for docnum, weight in weighted_postings(reader, fieldname, text):
            by_weight[weight].append(docnum)
        every = [d for docs in by_weight.values() for d in docs]
        levels = {w: to_mask(d, self.size) for w, d in by_weight.items()}
        return Term(to_mask(every, self.size), len(every), levels)

    def prefix(self, reader, fieldname: str, text: str) -> Term:
        """Documents with a word starting with `text`."""

        def build():
            found = []
            for term in reader.expand_prefix(fieldname, text):
                found += postings(reader, fieldname, term)
            return Term(to_mask(found, self.size), len(found))

        return self.cached((fieldname, f"{text}*"), build)

    # Typed arrays, not lists: a million-element list is walked by every full garbage
    # collection, an array is one object.

    def column(self, reader, fieldname: str) -> array:
        """The column value of every document (MISSING where absent)."""
        if fieldname not in self._columns:
            if not reader.has_column(fieldname):
                values = array("q", repeat(MISSING, self.size))
            else:
                values = _numeric_column(reader.column_reader(fieldname, translate=False))
            self._columns[fieldname] = values
        return self._columns[fieldname]

    def order(self, reader, fieldname: str) -> tuple[array, array]:
        """Document numbers by descending value (ties by docnum), and the values in that order."""
        if fieldname not in self._orders:
            values = self.column(reader, fieldname)
            docs = array("i", sorted(range(self.size), key=values.__getitem__, reverse=True))
            self._orders[fieldname] = (docs, array("q", map(values.__getitem__, docs)))
        return self._orders[fieldname]

    def pk(self, reader, docnum: int) -> int:
        """The database id of a document, read from its stored fields once per segment."""
        if self._pks is None:
            self._pks = array("q", bytes(8 * self.size))  # 0: not read yet (ids start at 1)
        pk = self._pks[docnum]
        if not pk:
            pk = self._pks[docnum] = int(reader.stored_fields(docnum)["pk"])
        return pk

    def facet_values(self, reader, fieldname: str) -> tuple[list, array]:
        """Labels, and the label number of every document (0 for none): counts a few matches."""
        if fieldname not in self._facet_values:
            labels: list = [None]
            codes = array("H", bytes(2 * self.size))
            for value in reader.lexicon(fieldname):
                labels.append(value.decode("utf-8"))
                mask = self.term(reader, fieldname, labels[-1]).mask
                code = len(labels) - 1
                deque(map(codes.__setitem__, docnums(mask, self.size), repeat(code)), maxlen=0)
            self._facet_values[fieldname] = (labels, codes)
        return self._facet_values[fieldname]


def _numeric_column(column) -> array:
    """A column's values as one array, read in one block instead of one value per call.

    Whoosh stores a numeric column as fixed-size big-endian values, one per document up to
    the last one that is not the default: 100,000 reads of 8 bytes took ~0.4 s of the first
    search sorted by date or price, one read takes milliseconds.
    """
    if type(column) is not NumericColumn.Reader or column._typecode != "q":
        return array("q", column)  # another layout: the generic (slower) reader
    values = array("q")
    values.frombytes(column._dbfile.get(column._basepos, column._count * column._fixedlen))
    if sys.byteorder == "little":
        values.byteswap()
    values.extend(repeat(column._default, column._doccount - column._count))
    return values


def postings(reader, fieldname: str, text: str) -> list[int]:
    """The document numbers of every posting of a term in one segment, deleted documents too."""
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return []
    if type(matcher) is not W3LeafMatcher:  # another codec: the generic (slower) reader
        return list(matcher.all_ids())
    docs: list[int] = []
    for ids, _ in _blocks(matcher, weighted=False):
        docs += ids
    return docs


def weighted_postings(reader, fieldname: str, text: str) -> list[tuple[int, float]]:
    """(docnum, weight) of every posting of a term in one segment, deleted documents too."""
    matcher = _matcher(reader, fieldname, text)
    if matcher is None:
        return []
    pairs: list[tuple[int, float]] = []
    if type(matcher) is not W3LeafMatcher:  # another codec: the generic (slower) reader
        while matcher.is_active():
            pairs.append((matcher.id(), matcher.weight()))
            matcher.next()
        return pairs
    for ids, weights in _blocks(matcher, weighted=True):
        pairs += zip(ids, weights, strict=False)
    return pairs


def _matcher(reader, fieldname: str, text: str):
    if (fieldname, text) not in reader:
        return None
    fieldobj = reader.schema[fieldname]
    return reader._terms.matcher(fieldname, fieldobj.to_bytes(text), fieldobj.format)


def _blocks(matcher: W3LeafMatcher, weighted: bool):
    """Decode whole posting blocks at once instead of one posting per Python call."""
    while True:
        matcher._read_data()
        ids = accumulate(matcher._data[0])
        if weighted:
            matcher._read_weights()
        yield ids, matcher._weights if weighted else None
        if matcher._lastblock:
            return
        matcher._goto(matcher._nextoffset)
