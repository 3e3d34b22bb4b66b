"""How the guide asks names and NITs to be written, as normalisers that explain refusals.

"Registre el nombre de la Entidad sin tildes, en mayúscula sostenida, sin caracteres
especiales, teniendo en cuenta un espacio antes y después de un guion y sin signos de
puntuación" and "el NIT ... sin el código de verificación, ni caracteres especiales".
"""

import re
import unicodedata

NIT_DIGITS = (8, 10)
_PUNCTUATION = re.compile(r"[.,;:'\"´`¡!¿?()\[\]{}«»“”‘’]")
_OTHER_SYMBOLS = re.compile(r"[^A-ZÑ0-9\s-]")
_HYPHEN = re.compile(r"\s*-+\s*")


class InvalidValue(ValueError):
    """``str(error)`` is the Spanish message that tells the person what to write instead."""


def entity_name(raw: str) -> str:
    """Upper case, no accents (Ñ is a letter and stays), no punctuation, " - " around hyphens."""
    upper = unicodedata.normalize("NFC", raw or "").upper().replace("Ñ", "\0")
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", upper) if not unicodedata.combining(c)
    ).replace("\0", "Ñ")
    bare = _OTHER_SYMBOLS.sub(" ", _PUNCTUATION.sub("", bare))
    name = " ".join(_HYPHEN.sub(" - ", bare).split()).strip(" -")
    if len(name) < 5 or not any(c.isalpha() for c in name):
        raise InvalidValue("Escriba el nombre completo con el que está constituida la entidad.")
    return name


def nit(raw: str) -> str:
    """Digits only, without the check digit; dots and spaces are forgiven, a hyphen is not."""
    value = re.sub(r"[\s.]", "", raw or "")
    if "-" in value:
        raise InvalidValue(
            "Escriba el NIT sin el dígito de verificación: quite el guion y el número que lo sigue."
        )
    if not (value.isascii() and value.isdigit()):
        raise InvalidValue("El NIT lleva solo números, sin letras ni caracteres especiales.")
    low, high = NIT_DIGITS
    if not low <= len(value) <= high:
        raise InvalidValue(
            f"El NIT tiene entre {low} y {high} dígitos sin el dígito de verificación "
            f"(usted escribió {len(value)})."
        )
    return value


def document_number(tipo: str, raw: str) -> str:
    """A provider's document: a NIT as above, other documents letters and digits only."""
    if tipo == "NIT":
        return nit(raw)
    value = re.sub(r"[\s.]", "", raw or "").upper()
    if not re.fullmatch(r"[A-Z0-9]{3,20}", value):
        raise InvalidValue("Escriba el número de documento con letras y números (3 a 20).")
    return value
