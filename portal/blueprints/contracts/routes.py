"""Public contract page with its master data."""

from flask import abort, render_template

from portal import access
from portal.blueprints.contracts import bp
from portal.contracts import history
from portal.models import Contrato


def get_public_contrato(id_contrato: str) -> Contrato:
    """Return a contract by its public id (CO1.PCCNTR.*), or 404 while it is a draft."""
    contrato = access.contract_or_404(id_contrato)
    if contrato.estado == "borrador":
        abort(404)
    return contrato


@bp.get("/contratos/<id_contrato>")
def detail(id_contrato: str):
    contrato = get_public_contrato(id_contrato)
    return render_template(
        "contracts/detalle.html", contrato=contrato, **history.contract_changes(contrato)
    )
