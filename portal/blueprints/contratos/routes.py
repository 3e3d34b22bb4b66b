"""Public contract page with its master data."""

from flask import abort, render_template
from sqlalchemy import select

from portal.blueprints.contratos import bp
from portal.extensions import db
from portal.models import Contrato


def get_public_contrato(id_contrato: str) -> Contrato:
    """Return a contract by its public id (CO1.PCCNTR.*), or 404 while it is a draft."""
    contrato = db.session.scalar(select(Contrato).where(Contrato.id_contrato == id_contrato))
    if contrato is None or contrato.estado == "borrador":
        abort(404)
    return contrato


@bp.get("/contratos/<id_contrato>")
def detalle(id_contrato: str):
    contrato = get_public_contrato(id_contrato)
    return render_template("contratos/detalle.html", contrato=contrato)
