"""Three fixes to whoosh-reloaded 2.7.5's writer, applied on import (index build speed).

1. While writing postings Whoosh asks, for every posting, for the field length of its
   document; for fields without a length column (every field here) the per-document reader
   checks the file system again each time instead of remembering the answer: a `stat()` per
   posting. Remember the missing column as well.
2. The posting pool keeps one tuple per posting and, past `limitmb`, pickles the postings
   one by one to temporary files and merges them back: at 100k processes that spill was
   half of the build. `CompactPool` groups postings by term in typed arrays (8 to 16 bytes
   a posting instead of ~200), so a segment never spills, and sorts only the terms.
   Our writers never use the multiprocess "merge runs" path (`reindex` always passes
   `multisegment=True` with several processes), the only caller of the runs on disk.
3. No field keeps lengths, so the codec is told not to gather length statistics (they
   only serve BM25 block skipping) instead of looking each posting's length up.
"""

from array import array
from itertools import repeat

from whoosh import writing
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader


def _cached_reader(self, fieldname, column):
    if fieldname not in self._readers:
        found = self.has_column(fieldname)
        self._readers[fieldname] = self.column_reader(fieldname, column) if found else None
    return self._readers[fieldname]


class CompactPool(writing.PostingPool):
    """Postings grouped by (field, term): docnums and weights in arrays; values (term
    frequencies) only for the terms that have them, shared."""

    def __init__(self, tempstore, segment, limitmb=128, **kwargs):
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self._terms: dict[tuple[str, bytes], tuple[array, array, list]] = {}
        self._values: dict[bytes, bytes] = {}

    def add(self, item):
        fieldname, btext, docnum, weight, value = item
        postings = self._terms.get((fieldname, btext))
        if postings is None:
            self.fieldnames.add(fieldname)
            postings = self._terms[(fieldname, btext)] = (array("i"), array("f"), [])
        postings[0].append(docnum)
        postings[1].append(weight)
        if value:
            values = postings[2]
            if len(values) < len(postings[0]) - 1:  # earlier postings of the term had none
                values += [None] * (len(postings[0]) - 1 - len(values))
            values.append(self._values.setdefault(value, value))
        elif postings[2]:
            postings[2].append(value)

    def save(self):
        pass  # nothing to spill

    def iter_postings(self):
        for key in sorted(self._terms):
            docnums, weights, values = self._terms[key]
            rows = zip(docnums, weights, values or repeat(None), strict=False)
            for docnum, weight, value in sorted(rows, key=lambda row: row[0]):
                yield (key[0], key[1], docnum, weight, value)

    items = iter_postings

    def cleanup(self):
        self._terms = {}


W3PerDocReader._cached_reader = _cached_reader
writing.PostingPool = CompactPool
# No field keeps lengths (see schema.py): skip the per-posting length lookup altogether.
W3Codec.length_stats = False
