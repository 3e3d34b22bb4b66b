"""The contract detail: nine sections as in SECOP II, each at its own address."""

from flask import abort, redirect, url_for
from flask_login import login_required

from portal import access
from portal.blueprints.my_contracts import bp
from portal.blueprints.my_contracts.loaders import contract_for
from portal.contracts import history, queries
from portal.contracts.entity_uploads import TIPOS as TIPOS_ENTIDAD
from portal.extensions import db
from portal.models import Contrato, Unspsc
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE
from portal.pages import render_page_or_fragment

SECCIONES = {
    "general": "Información general",
    "condiciones": "Condiciones",
    "bienes-y-servicios": "Bienes y servicios",
    "documentos-del-proveedor": "Documentos del proveedor",
    "documentos-del-contrato": "Documentos del contrato",
    "presupuesto": "Información presupuestal",
    "ejecucion": "Ejecución del contrato",
    "modificaciones": "Modificaciones del contrato",
    "incumplimientos": "Incumplimientos",
}
TIPOS_CONTRATISTA = ("informe_ejecucion", "seguridad_social", "evidencia", "cuenta_cobro", "otro")


def etiquetas(tipos: tuple[str, ...]) -> dict[str, str]:
    return {tipo: TIPOS_DOCUMENTO_EXPEDIENTE[tipo][0] for tipo in tipos}


def permisos(roles: set[str]) -> dict[str, bool]:
    """What the page offers this viewer; every action checks again on its own route."""
    contratista = access.has_role(roles, access.CONTRACTOR_ROLES)
    supervisor = access.has_role(roles, access.SUPERVISOR_ROLES)
    return {
        "cargar": contratista,
        "publicar": supervisor,
        "revisar": supervisor,
        "crear_pago": contratista,
        "pagar": access.has_role(roles, access.PAYER_ROLES),
    }


@bp.get("/mis-contratos/<id_contrato>")
@login_required
def detail(id_contrato: str):
    contract_for(id_contrato, *access.CONTRACT_READERS)
    return redirect(url_for(".section", id_contrato=id_contrato, seccion="general"))


@bp.get("/mis-contratos/<id_contrato>/<seccion>")
@login_required
def section(id_contrato: str, seccion: str):
    """A section: the whole page, or with htmx only the section (the nav follows out of band)."""
    if seccion not in SECCIONES:
        abort(404)
    contrato, roles = contract_for(id_contrato, *access.CONTRACT_READERS)
    context = {"contrato": contrato, "roles": roles, "seccion": seccion, "secciones": SECCIONES}
    context |= {"puede": permisos(roles)} | datos_de(seccion, contrato, roles)
    return render_page_or_fragment(
        "my_contracts/detalle.html", "my_contracts/_seccion.html", **context
    )


def datos_de(seccion: str, contrato: Contrato, roles: set[str]) -> dict:
    """Only the section being shown is queried."""
    if seccion in ("modificaciones", "incumplimientos"):
        return history.contract_changes(contrato, roles)
    if seccion == "ejecucion":
        return datos_de_ejecucion(contrato)
    if seccion in ("documentos-del-proveedor", "documentos-del-contrato"):
        del_proveedor = seccion == "documentos-del-proveedor"
        return {"documentos": queries.contract_documents(contrato, del_proveedor)}
    if seccion == "bienes-y-servicios":
        codigo = contrato.unspsc_principal
        return {"unspsc": db.session.get(Unspsc, codigo) if codigo else None}
    if seccion == "presupuesto":
        return {"totales": queries.totals(contrato, queries.payment_requests_of(contrato))}
    return {}


def datos_de_ejecucion(contrato: Contrato) -> dict:
    solicitudes = queries.payment_requests_of(contrato)
    return {
        "solicitudes": solicitudes,
        "totales": queries.totals(contrato, solicitudes),
        "documentos": queries.execution_documents(contrato),
        "historial": queries.history(contrato),
        "tipos_contratista": etiquetas(TIPOS_CONTRATISTA),
        "tipos_entidad": etiquetas(TIPOS_ENTIDAD),
    }
