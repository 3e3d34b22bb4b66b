"""A one-line fix to whoosh-reloaded 2.7.5, applied on import.

While writing postings Whoosh asks, for every posting, for the field length of its document;
for fields without a length column (every field here) `W3PerDocReader._cached_reader`
checks the file system again each time instead of remembering the answer: a `stat()` per
posting, about a third of the index build. Remember the missing column as well.
"""

from whoosh.codec.whoosh3 import W3PerDocReader


def _cached_reader(self, fieldname, column):
    if fieldname not in self._readers:
        found = self.has_column(fieldname)
        self._readers[fieldname] = self.column_reader(fieldname, column) if found else None
    return self._readers[fieldname]


W3PerDocReader._cached_reader = _cached_reader
