"""The two entry points: the contractor's contracts and the supervisor's."""

from flask import request
from flask_login import current_user, login_required

from portal import access
from portal.blueprints.my_contracts import bp
from portal.contracts.queries import Filter, provider_contracts, supervised_contracts
from portal.errors import render_error
from portal.models.vocab import ESTADOS_CONTRATO
from portal.pages import render_page_or_fragment


@bp.get("/mis-contratos")
@login_required
def contracts():
    """The contracts of the provider account the user acts for now."""
    if not access.has_role(access.active_roles(), access.CONTRACTOR_ROLES):
        return render_error(
            403,
            "«Mis contratos» muestra los contratos de una cuenta de proveedor. "
            "Elija su cuenta de proveedor en «Mi cuenta» o, si es supervisor, entre a «Supervisión».",
        )
    membresia = access.active_membership()
    filtro = Filter.from_args(request.args)
    pagina = provider_contracts(membresia.cuenta_id, filtro)
    return _render(pagina, "my_contracts.contracts", f"Mis contratos · {membresia.cuenta.nombre}")


@bp.get("/supervision")
@login_required
def supervision():
    """The contracts assigned to the user as supervisor, whatever account they act for."""
    pagina = supervised_contracts(current_user.id, Filter.from_args(request.args))
    return _render(pagina, "my_contracts.supervision", "Contratos en supervisión")


def _render(pagina, endpoint: str, titulo: str):
    return render_page_or_fragment(
        "my_contracts/lista.html",
        "my_contracts/_lista.html",
        pagina=pagina,
        endpoint=endpoint,
        titulo=titulo,
        estados=ESTADOS_CONTRATO,
    )
