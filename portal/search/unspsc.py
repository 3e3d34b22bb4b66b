"""UNSPSC filter values: a code of any level, or words of a Spanish segment/family/class name."""

import time

from flask import current_app
from sqlalchemy import select

from portal.extensions import db
from portal.models import Unspsc
from portal.models.unspsc import nivel_de
from portal.models.vocab import fold

CACHE_SECONDS = 300
MAX_CODES = 200
KEY_LENGTH = {"segmento": 2, "familia": 4, "clase": 6, "producto": 8}
_names: dict[str, tuple[float, list[tuple[str, str]]]] = {}


def resolve(value: str, notes: list[str]) -> list[str]:
    """Index keys ("72", "7214", "721411"...) for the filter; a note when nothing matches."""
    digits = "".join(ch for ch in value.upper().removeprefix("V1.") if ch.isdecimal())
    if digits and len(digits) >= len(value.replace(" ", "").removeprefix("V1.")) - 1:
        if len(digits) == 8:
            return [digits[: KEY_LENGTH[nivel_de(digits)]]]
        if len(digits) in (2, 4, 6):
            return [digits]
        notes.append(
            f"Se ignoró la categoría UNSPSC «{value[:40]}»: use un código de 2, 4, 6 u 8 dígitos."
        )
        return []
    keys = _by_name(value)
    if not keys:
        notes.append(
            f"Se ignoró la categoría UNSPSC «{value[:40]}»: no hay un segmento, familia o clase con ese nombre."
        )
    return keys


def _by_name(value: str) -> list[str]:
    wanted = fold(value).split()
    keys = [key for name, key in _classifier() if all(word in name for word in wanted)]
    return keys[:MAX_CODES]


def _classifier() -> list[tuple[str, str]]:
    """Folded names of segments, families and classes, cached a few minutes per process."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    cached = _names.get(uri)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    rows = db.session.execute(
        select(Unspsc.codigo, Unspsc.nombre, Unspsc.nivel).where(Unspsc.nivel != "producto")
    ).all()
    names = [(fold(nombre), codigo[: KEY_LENGTH.get(nivel, 8)]) for codigo, nombre, nivel in rows]
    _names[uri] = (time.monotonic(), names)
    return names
