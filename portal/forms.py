"""The base form and the fields every area shares, so a rule typed in two forms reads the same."""

from flask_wtf import FlaskForm
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired

REQUIRED = "Este campo es obligatorio."


class SpanishForm(FlaskForm):
    """A Flask-WTF form whose built-in messages ("Opción inválida"...) come out in Spanish."""

    class Meta:
        locales = ("es_CO", "es")

        def get_translations(self, form):
            # WTForms ships Spanish catalogues; Flask-WTF would look for Flask-Babel instead.
            return DefaultMeta.get_translations(self, form)


def required(message: str = REQUIRED) -> DataRequired:
    return DataRequired(message=message)
