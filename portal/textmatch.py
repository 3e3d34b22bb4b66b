"""Accent- and case-insensitive "contains" filters for the lists of the work areas.

The public search folds accents in its index; the lists of the logged-in areas filter in SQL,
where neither engine folds them: SQLite's lower() and LIKE only know ASCII, and PostgreSQL's
lower() under the C collation leaves "Í" alone. So both sides are folded here with one table of
Spanish letters: the column in SQL with nested replace() calls, the user's text in Python. The
table agrees with portal.models.vocab.fold on those letters; vocab.fold itself is not used for
the text because it also strips accents ("ç", "è") that the SQL side keeps, which would make
"François" miss "FRANÇOIS".

replace() is built into both engines (SQLite has no translate(), PostgreSQL's is slower than 14
replace() calls) and needs no function registered per connection. Folding costs ~4 µs per row
and column of ~100 characters; the skeleton ILIKE in ``contains_folded`` spares it the rows that
cannot match (8,824 real SECOP process names: 7-20 ms per filtered count, as a plain ILIKE,
instead of 60-70 ms).
"""

import unicodedata

from sqlalchemy import String, and_, func, literal_column, or_
from sqlalchemy.sql.elements import ColumnElement

# Spanish accented letters and what they fold to, as portal.models.vocab.fold folds them (ñ -> n).
# Short on purpose: every letter is one more replace() per row and column.
ACCENTED = "ÁÉÍÓÚÜÑáéíóúüñ"
PLAIN = "aeiouunaeiouun"
_FOLD = str.maketrans(ACCENTED, PLAIN)
# A folded "a" may stand for "A", "a", "Á" or "á": in the skeleton, the text's LIKE pattern
# before folding the column, every letter an accent folds into is the one-character wildcard "_".
_SKELETON = str.maketrans(dict.fromkeys(PLAIN, "_") | {"%": "/%", "_": "/_", "/": "//"})


def fold_text(text: str | None) -> str:
    """The user's text folded like ``folded`` folds a column, with single spaces."""
    composed = unicodedata.normalize("NFC", text or "")
    return " ".join(composed.translate(_FOLD).lower().split())


def folded(column) -> ColumnElement[str]:
    """``column`` in lower case and without Spanish accents, in SQL, on SQLite and PostgreSQL."""
    expression = column
    for accented, plain in zip(ACCENTED, PLAIN, strict=True):
        # Constant literals (not bound parameters) keep the SQL readable and cacheable.
        expression = func.replace(
            expression, literal_column(f"'{accented}'"), literal_column(f"'{plain}'"), type_=String
        )
    return func.lower(expression, type_=String)


def contains_folded(column, text: str) -> ColumnElement[bool]:
    """``column`` contains ``text`` ignoring case and Spanish accents; "%" and "_" are literal.

    The ILIKE on the skeleton comes first: a cheap necessary condition (the other letters in their
    places, any character where the text has a, e, i, o, u or n) that spares most rows the 14
    replace() calls. SQLite tests it first as written; PostgreSQL too (cheaper quals go first).
    """
    return any_contains_folded([column], text)


def any_contains_folded(columns, text: str) -> ColumnElement[bool]:
    """Any of ``columns`` contains ``text`` (as ``contains_folded``): a list's search box."""
    key = fold_text(text)
    skeleton = f"%{key.translate(_SKELETON)}%"
    matches = [
        and_(column.ilike(skeleton, escape="/"), folded(column).contains(key, autoescape=True))
        for column in columns
    ]
    return matches[0] if len(matches) == 1 else or_(*matches)
