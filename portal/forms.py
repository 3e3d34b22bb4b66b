"""The base form and the fields every area shares, so a rule typed in two forms reads the same."""

import re
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import Field, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import TextInput

from portal.formatting import BOGOTA
from portal.money import MoneyError, UnreadableMoney, format_pesos, parse_pesos

REQUIRED = "Este campo es obligatorio."
_UNSPSC_CODE = re.compile(r"^\d{8}$")


class SpanishForm(FlaskForm):
    """A Flask-WTF form whose built-in messages ("Opción inválida"...) come out in Spanish."""

    class Meta:
        locales = ("es_CO", "es")

        def get_translations(self, form):
            # WTForms ships Spanish catalogues; Flask-WTF would look for Flask-Babel instead.
            return DefaultMeta.get_translations(self, form)


def required(message: str = REQUIRED) -> DataRequired:
    return DataRequired(message=message)


class MoneyInput(TextInput):
    """A text box: type=number would refuse "1.500.000" in the browser before we read it."""

    def __call__(self, field, **kwargs):
        # "decimal" brings up digits on phones and, unlike "numeric", keeps the dot and comma.
        kwargs.setdefault("inputmode", "decimal")
        return super().__call__(field, **kwargs)


class MoneyField(Field):
    """Whole pesos typed as people do in Colombia ("$ 1.500.000"); the data is an int or None.

    ``unreadable`` replaces the message for text that is no amount at all, for a form that
    wants its own example; cents, negatives and overflow keep the messages of ``portal.money``.
    """

    widget = MoneyInput()

    def __init__(self, label=None, validators=None, unreadable: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.unreadable = unreadable

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not posted at all: the default or the object's value stays
        self.data = None
        text = valuelist[0].strip()
        if not text:
            return
        try:
            self.data = parse_pesos(text)
        except UnreadableMoney as error:
            raise ValueError(self.unreadable or str(error)) from None
        except MoneyError as error:
            raise ValueError(str(error)) from None  # becomes the field's error

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]  # what was typed comes back to be corrected
        return format_pesos(self.data)


def more_than_zero(message: str = "El valor debe ser mayor que cero."):
    """Validator: an amount, when there is one, above zero."""

    def check(form, field: Field) -> None:
        if field.data is not None and field.data <= 0:
            raise ValidationError(message)

    return check


def parse_unspsc_codes(text: str) -> list[str]:
    """Codes separated by commas, spaces or lines; each must have eight digits."""
    codes = [c for c in re.split(r"[\s,;]+", text or "") if c]
    wrong = [c for c in codes if not _UNSPSC_CODE.match(c)]
    if wrong:
        raise ValueError(
            f"Los códigos UNSPSC tienen 8 dígitos (por ejemplo 72141100); revise: {', '.join(wrong[:5])}."
        )
    return list(dict.fromkeys(codes))


class UnspscListField(TextAreaField):
    """Several UNSPSC codes; the data is a list of eight-digit strings."""

    def process_formdata(self, valuelist):
        self.data = parse_unspsc_codes(valuelist[0] if valuelist else "")

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return ", ".join(self.data or [])


def unspsc_code(form, field: Field) -> None:
    """Validator: one code of eight digits."""
    if field.data and not _UNSPSC_CODE.match(field.data):
        raise ValidationError("El código UNSPSC tiene 8 dígitos, por ejemplo 72141100.")


def strip_or_none(value):
    return (value or "").strip() or None


def bogota_wall_clock(value: datetime | None) -> datetime | None:
    """A wall-clock datetime typed in a form, read as Bogotá time."""
    return value.replace(tzinfo=BOGOTA) if value else None
