"""Load what a public document view needs, or answer 404."""

from flask import abort

from portal.expediente.published import is_visible
from portal.extensions import db
from portal.models import Documento


def public_document_or_404(documento_id: int) -> Documento:
    """A public document; pending, rejected and removed ones do not exist here."""
    documento = db.session.get(Documento, documento_id)
    if documento is None or not is_visible(documento):
        abort(404)
    return documento
