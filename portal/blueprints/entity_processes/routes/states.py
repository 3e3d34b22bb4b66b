"""Moving a process through its states: the generic state form, the award, the contract."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import clock
from portal.blueprints.entity_processes import bp
from portal.blueprints.entity_processes.forms import AdjudicarForm, ContratoForm, MotivoForm
from portal.blueprints.entity_processes.loaders import own_process
from portal.errors import Refused
from portal.extensions import db
from portal.models import Proveedor, User, row_by_id
from portal.processes import award, notify, services, states


@bp.route("/procesos/<int:proceso_id>/estado", methods=["GET", "POST"])
@login_required
def state(proceso_id: int):
    """Publish, evaluate, suspend, resume, declare desierto or cancel (with a reason)."""
    proceso, rol = own_process(proceso_id)
    form = MotivoForm()
    error = ""
    if form.validate_on_submit():
        try:
            services.change_state(proceso, form.accion.data, form.motivo.data, current_user, rol)
        except Refused as problema:
            db.session.rollback()
            error = str(problema)
        else:
            db.session.commit()
            flash(f"El proceso quedó en estado «{proceso.estado_label}».", "ok")
            return redirect(url_for("entity_processes.detail", proceso_id=proceso.id), 303)
    return render_template(
        "entity_processes/estado.html",
        proceso=proceso,
        form=form,
        error=error,
        transiciones=states.available(proceso),
        requisitos=services.publication_requirements(proceso)
        if proceso.estado == "borrador"
        else [],
    )


@bp.route("/procesos/<int:proceso_id>/adjudicar", methods=["GET", "POST"])
@login_required
def award_process(proceso_id: int):
    """Choose the adjudicatario among provider accounts (by name or NIT) and the value."""
    proceso, rol = own_process(proceso_id)
    form = AdjudicarForm()
    buscar = (request.values.get("buscar") or "").strip()[:200]
    error = ""
    if form.validate_on_submit():
        proveedor = _proveedor(form.proveedor_id.data)
        try:
            award.award(proceso, proveedor, form.valor.data, current_user, rol)
        except Refused as problema:
            db.session.rollback()
            error = str(problema)
        else:
            db.session.commit()
            flash(f"Proceso adjudicado a {proceso.adjudicatario_nombre}.", "ok")
            return redirect(url_for("entity_processes.detail", proceso_id=proceso.id), 303)
    elegido = _proveedor(form.proveedor_id.data)
    return render_template(
        "entity_processes/adjudicar.html",
        proceso=proceso,
        form=form,
        error=error,
        buscar=buscar,
        elegido=elegido,
        proveedores=award.search_providers(buscar),
        permitido=_permitido(proceso, "adjudicar"),
    )


def _proveedor(value) -> Proveedor | None:
    return row_by_id(Proveedor, value)


def _permitido(proceso, clave: str) -> str:
    """ "" when the transition is allowed now, else the reason why not."""
    try:
        states.check(proceso, clave)
    except Refused as problema:
        return str(problema)
    return ""


@bp.route("/procesos/<int:proceso_id>/contrato", methods=["GET", "POST"])
@login_required
def contract(proceso_id: int):
    """Create the contract of the awarded process; the supervisor and the provider are told."""
    proceso, rol = own_process(proceso_id)
    supervisores = award.possible_supervisors(proceso)
    form = ContratoForm()
    form.supervisor_id.choices = {"": "Seleccione…"} | {
        str(u.id): f"{u.nombres} ({u.email})" for u in supervisores
    }
    if not form.is_submitted():
        form.valor.data = proceso.valor_adjudicacion
    error = ""
    if form.validate_on_submit():
        fechas = tuple(
            clock.start_of_day(f.data)
            for f in (form.fecha_firma, form.fecha_inicio, form.fecha_fin)
        )
        supervisor = db.session.get(User, int(form.supervisor_id.data))
        try:
            nuevo = award.create_contract(
                proceso, form.referencia.data.strip(), form.valor.data, fechas, supervisor,
                current_user, rol,
            )  # fmt: skip
        except Refused as problema:
            db.session.rollback()
            error = str(problema)
        else:
            notify.contract_created(nuevo)
            db.session.commit()
            flash(f"Se creó el contrato {nuevo.id_contrato}; el proceso quedó celebrado.", "ok")
            return redirect(url_for("entity_processes.detail", proceso_id=proceso.id), 303)
    return render_template(
        "entity_processes/contrato.html",
        proceso=proceso,
        form=form,
        error=error,
        permitido=_permitido(proceso, "celebrar"),
    )
