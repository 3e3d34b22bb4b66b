"""The public search parameters: read leniently, a bad value is dropped with a Spanish note."""

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from urllib.parse import quote_plus

from portal.models.vocab import ESTADOS_PROCESO, fold
from portal.money import MoneyError, parse_pesos

ORDENES = {"relevancia": "Relevancia", "fecha": "Más recientes", "precio": "Mayor precio base"}
TEXT_FILTERS = ("modalidad", "entidad", "departamento", "ciudad", "unspsc", "tipo")
MAX_TEXT = 200
MAX_PAGE = 500


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    estado: str = ""
    modalidad: str = ""
    entidad: str = ""
    departamento: str = ""
    ciudad: str = ""
    precio_min: int | None = None
    precio_max: int | None = None
    desde: date | None = None
    hasta: date | None = None
    unspsc: str = ""
    tipo: str = ""
    orden: str = "relevancia"
    pagina: int = 1
    avisos: tuple[str, ...] = field(default=(), compare=False)

    def to_args(self, **changes) -> dict[str, str]:
        """URL parameters of this search (only the ones set), with some changed."""
        # Not dataclasses.replace(): a results page builds ~40 links, and this is 5x cheaper.
        if unknown := changes.keys() - _FIELDS:
            raise TypeError(f"Unknown search parameters: {', '.join(sorted(unknown))}")
        args = {}
        for name in _URL_FIELDS:
            value = _arg(name, changes[name] if name in changes else getattr(self, name))
            if value is not None:
                args[name] = value
        return args

    def link(self, fixed: dict | None = None, changes: dict | None = None) -> dict[str, str]:
        """URL arguments for templates: fixed ones (a route's own) plus this search, changed."""
        return (fixed or {}) | self.to_args(**(changes or {}))

    def href(self, path: str, changes: dict | None = None) -> str:
        """A link to this search at `path` (a URL without query), with some arguments changed.

        The same URL `url_for(endpoint, **link(...))` builds, for a fraction of the cost: the
        facet and page links of a results page differ in one or two arguments, so the others
        are escaped once per search, not once per link.
        """
        escaped = self._escaped
        if changes:
            if unknown := changes.keys() - _FIELDS:
                raise TypeError(f"Unknown search parameters: {', '.join(sorted(unknown))}")
            changed = {name: _arg(name, value) for name, value in changes.items()}
            escaped = {
                name: _escape(changed[name]) if name in changed else escaped.get(name)
                for name in _URL_FIELDS
            }
        query = "&".join(f"{name}={value}" for name, value in escaped.items() if value is not None)
        return f"{path}?{query}" if query else path

    @cached_property
    def _escaped(self) -> dict[str, str]:
        return {name: _escape(value) for name, value in self.to_args().items()}

    @property
    def has_filters(self) -> bool:
        return any(self.to_args(q="", orden="relevancia", pagina=1).values())


_FIELDS = frozenset(item.name for item in fields(SearchParams))
_URL_FIELDS = tuple(item.name for item in fields(SearchParams) if item.name != "avisos")
_DEFAULTS = {("orden", "relevancia"), ("pagina", 1)}
# What Werkzeug leaves unescaped in a query string, so `href` and `url_for` agree.
QUERY_SAFE = "!$'()*,/:;?@"


def _arg(name: str, value) -> str | None:
    """One URL argument as text, or None when it is unset or has its default value."""
    if value in (None, "") or (name, value) in _DEFAULTS:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _escape(value: str | None) -> str | None:
    return None if value is None else quote_plus(value, safe=QUERY_SAFE)


def parse(args) -> SearchParams:
    """Read the query string; never raises, collects a note for every value it had to ignore."""
    notes: list[str] = []
    values: dict = {"q": _text(args.get("q"))}
    for name in TEXT_FILTERS:
        values[name] = _text(args.get(name))
    values["estado"] = _estado(args.get("estado"), notes)
    values["precio_min"] = _pesos(args.get("precio_min"), "precio mínimo", notes)
    values["precio_max"] = _pesos(args.get("precio_max"), "precio máximo", notes)
    values["desde"] = _date(args.get("desde"), "desde", notes)
    values["hasta"] = _date(args.get("hasta"), "hasta", notes)
    values["orden"] = _orden(args.get("orden"), notes)
    values["pagina"] = _pagina(args.get("pagina"), notes)
    _check_ranges(values, notes)
    return SearchParams(**values, avisos=tuple(notes))


def _text(value: str | None) -> str:
    cleaned = "".join(ch if ch.isprintable() else " " for ch in (value or ""))
    return " ".join(cleaned.split())[:MAX_TEXT]


def _estado(value: str | None, notes: list[str]) -> str:
    key = fold(value).replace(" ", "_")
    if not key:
        return ""
    by_label = {fold(label): k for k, label in ESTADOS_PROCESO.items()}
    key = by_label.get(key, key)
    if key in ESTADOS_PROCESO and key != "borrador":
        return key
    notes.append(f"Se ignoró el estado «{_text(value)[:40]}»: no es un estado de proceso válido.")
    return ""


def _pesos(value: str | None, label: str, notes: list[str]) -> int | None:
    raw = _text(value)
    if not raw:
        return None
    try:
        return parse_pesos(raw)
    except MoneyError:
        notes.append(f"Se ignoró el {label} «{raw[:40]}»: escriba solo números, en pesos.")
        return None


def _date(value: str | None, label: str, notes: list[str]) -> date | None:
    raw = _text(value)
    if not raw:
        return None
    try:
        if len(raw) == 10:  # fromisoformat also takes "20260301", which is not our format
            return date.fromisoformat(raw)
    except ValueError:
        pass
    notes.append(f"Se ignoró la fecha «{label}» ({raw[:40]}): use el formato AAAA-MM-DD.")
    return None


def _orden(value: str | None, notes: list[str]) -> str:
    raw = fold(value)
    if not raw:
        return "relevancia"
    if raw in ORDENES:
        return raw
    notes.append(f"Se ignoró el orden «{_text(value)[:40]}»: use relevancia, fecha o precio.")
    return "relevancia"


def _pagina(value: str | None, notes: list[str]) -> int:
    raw = _text(value)
    if not raw:
        return 1
    if raw.isdecimal() and 1 <= int(raw) <= MAX_PAGE:
        return int(raw)
    notes.append(f"Se ignoró la página «{raw[:20]}»: use un número entre 1 y {MAX_PAGE}.")
    return 1


def _check_ranges(values: dict, notes: list[str]) -> None:
    low, high = values["precio_min"], values["precio_max"]
    if low is not None and high is not None and low > high:
        notes.append("El precio mínimo era mayor que el máximo: se intercambiaron.")
        values["precio_min"], values["precio_max"] = high, low
    start, end = values["desde"], values["hasta"]
    if start and end and start > end:
        notes.append("La fecha «desde» era posterior a «hasta»: se intercambiaron.")
        values["desde"], values["hasta"] = end, start
