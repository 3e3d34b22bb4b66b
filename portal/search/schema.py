"""The Whoosh schema of public processes and its Spanish analysis.

The analysis is one plain function chain (regex words, lower case, accent folding, Spanish
stop words, plural folding, Snowball stem behind a cache) instead of Whoosh's generator
filters: the same steps, several times faster, and shared by documents and queries alike.
"""

from collections import Counter
from functools import cache, lru_cache
from itertools import pairwise

from whoosh.analysis import Analyzer, Filter, Token
from whoosh.analysis.tokenizers import default_pattern
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, FieldType, Schema
from whoosh.formats import Existence, Frequency
from whoosh.lang import stemmer_for_language, stopwords_for_language
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

from portal.models.vocab import fold

# Spanish stop words, folded like the text they are compared with ("está" -> "esta"). Not
# StopFilter(lang="es"): it adds the English list too, and compares before folding.
SPANISH_STOP_WORDS = frozenset(fold(word) for word in stopwords_for_language("es"))
MISSING = -1  # column value of a process without precio base or fecha de publicación
_stemmer = stemmer_for_language("es")


def singular(word: str) -> str:
    """Drop a Spanish plural ending: Snowball leaves short plurals alone ("obras" != "obra")."""
    if len(word) > 4 and word.endswith("es") and word[-3] in "lrndj":
        return word[:-2]  # profesionales, camiones, redes
    if len(word) > 3 and word.endswith("s") and word[-2] in "aeiou":
        return word[:-1]  # obras, vias, servicios
    return word


@lru_cache(maxsize=100_000)
def _cached_stem(word: str) -> str:
    return _stemmer(singular(word))


def stem(word: str) -> str:
    """The indexed stem of one folded, non-stop word (the pure-Python stemmer is slow)."""
    if word[-1:].isdigit():  # ids and NITs: no suffix to strip, and most are seen only once
        return word
    return _cached_stem(word)


def fold_word(word: str) -> str:
    """Accent-fold one lower-case word (most words are plain ASCII: skip the table then)."""
    return word if word.isascii() else word.translate(accent_map)


def words(text: str) -> list[str]:
    """Lower-case, accent-folded words (RegexTokenizer | LowercaseFilter | CharsetFilter)."""
    return [word for line in text.split("\n") for word in line_words(line)]


@lru_cache(maxsize=20_000)
def line_words(line: str) -> tuple[str, ...]:
    return tuple(fold_word(m.group()) for m in default_pattern.finditer(line.lower()))


def spanish_terms(text: str) -> list[str]:
    """The stems of a text, in order, stop words dropped."""
    return [term for line in text.split("\n") for term in line_terms(line)]


@lru_cache(maxsize=20_000)
def line_terms(line: str) -> tuple[str, ...]:
    """The stems of one line; entity names and common objects repeat across processes."""
    return tuple(stem(w) for w in line_words(line) if w not in SPANISH_STOP_WORDS)


def bigrams(stems) -> list[str]:
    """Pairs of consecutive stems: a quoted phrase becomes an AND of its pairs."""
    return [f"{a} {b}" for a, b in pairwise(stems)]


class SingularFilter(Filter):
    """Kept so indexes written before the current schema still open (see `index.outdated`)."""

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = singular(token.text)
            yield token


def layout(schema: Schema) -> list[tuple[str, str, str]]:
    """Field names, types and formats: what must match for the engine to read an index."""
    return [(name, type(f).__name__, type(f.format).__name__) for name, f in schema.items()]


@cache
def current_layout() -> list[tuple[str, str, str]]:
    return layout(build_schema())


class _TermsAnalyzer(Analyzer):
    """Yield the terms of `terms(text)` as Whoosh tokens (positions count terms)."""

    def terms(self, text: str) -> list[str]:
        raise NotImplementedError

    def __call__(self, value, positions=False, start_pos=0, **kwargs):
        token = Token(positions=positions, **kwargs)
        for pos, term in enumerate(self.terms(value), start_pos):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            yield token


class WordsAnalyzer(_TermsAnalyzer):
    """Folded words without stemming, stop words dropped: for prefix queries."""

    def terms(self, text: str) -> list[str]:
        return [w for w in words(text) if w not in SPANISH_STOP_WORDS]


class SpanishAnalyzer(_TermsAnalyzer):
    """Fold accents before stemming so "contratacion" meets "Contratación", "obras" "obra"."""

    def terms(self, text: str) -> list[str]:
        return spanish_terms(text)


class BigramAnalyzer(_TermsAnalyzer):
    """Consecutive stem pairs of each line (a line never pairs with the next one)."""

    def terms(self, text: str) -> list[str]:
        return [pair for line in text.split("\n") for pair in bigrams(line_terms(line))]


class TermFrequency(Frequency):
    """Frequencies counted straight from the analyzer's terms, without Token objects."""

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, _TermsAnalyzer) or not isinstance(value, str):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        counts = Counter(analyzer.terms(value))
        return ((term, n, n * boost, pack_uint(n)) for term, n in counts.items())


class TermExistence(Existence):
    """Which terms occur, straight from the analyzer's terms, without Token objects."""

    def word_values(self, value, analyzer, **kwargs):
        if not isinstance(analyzer, _TermsAnalyzer) or not isinstance(value, str):
            return super().word_values(value, analyzer, **kwargs)
        boost = self.field_boost
        return ((term, 1, boost, b"") for term in set(analyzer.terms(value)))


def build_schema() -> Schema:
    """Describe one indexed process; filter fields hold folded keys, facet fields their labels.

    Only what queries need is indexed, and only the primary key and version are stored:
    results are loaded from the database. Scoring is done by `engine.py` from term weights,
    so no field keeps length columns.
    """
    return Schema(
        pk=ID(stored=True, unique=True),
        # Exact identifiers: id del proceso, portafolio, referencia and the entity's NIT.
        ids=KEYWORD(lowercase=True, commas=True),
        # Every searchable word (object, entity, identifiers split into words) in one stemmed
        # field, with its frequency for ranking: one term per typed word, no union of fields.
        texto=FieldType(TermFrequency(), SpanishAnalyzer(), scorable=False),
        # Quoted phrases: pairs of consecutive stems, much cheaper than positions.
        pares=FieldType(TermExistence(), BigramAnalyzer(), scorable=False),
        entidad=FieldType(TermExistence(), SpanishAnalyzer(), scorable=False),
        # Prefix queries meet stems badly ("mantenim*"): they run on unstemmed words.
        palabras=FieldType(TermExistence(), WordsAnalyzer(), scorable=False),
        nit=ID,
        estado=ID,
        modalidad=ID,
        departamento=ID,
        ciudad=ID,
        tipo=ID,
        modalidad_f=ID,
        departamento_f=ID,
        # Every prefix of every code: segment "72", family "7214", class "721411", product.
        unspsc=KEYWORD(commas=True),
        # Sort keys and range filters, read as columns (no range terms to index).
        precio=COLUMN(NumericColumn("q", default=MISSING)),
        fecha=COLUMN(NumericColumn("q", default=MISSING)),
        # When the row last changed: `check` compares it with the database to find stale documents.
        version=STORED,
    )
