"""The entity's processes: list (every state, drafts included), create, edit, detail."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from portal import access, clock
from portal.blueprints.entity_processes import bp
from portal.blueprints.entity_processes.forms import ProcesoForm
from portal.blueprints.entity_processes.loaders import own_process
from portal.errors import Refused
from portal.extensions import db
from portal.formatting import to_bogota
from portal.forms import bogota_wall_clock
from portal.models import Proceso
from portal.models.vocab import ESTADOS_PROCESO
from portal.pages import list_filter, paginate, render_page_or_fragment
from portal.processes import award, queries, services, states
from portal.processes.unspsc import code_names

HISTORIAL_EN_FICHA = 20


@bp.get("/")
@login_required
def home():
    access.active_entity()
    return redirect(url_for("entity_processes.processes"))


@bp.get("/procesos")
@login_required
def processes():
    """The entity's processes, searchable by number or name and filtered by state."""
    entidad = access.active_entity()
    q, estado = list_filter(ESTADOS_PROCESO)
    pagina = paginate(queries.entity_processes(entidad.id, q, estado))
    context = {"entidad": entidad, "pagina": pagina, "q": q, "estado": estado}
    return render_page_or_fragment(
        "entity_processes/procesos.html",
        "entity_processes/_lista.html",
        estados=ESTADOS_PROCESO,
        **context,
    )


@bp.route("/procesos/nuevo", methods=["GET", "POST"])
@login_required
def new():
    entidad, rol = access.active_entity(), access.active_membership().rol
    form = ProcesoForm()
    if not form.is_submitted():
        form.departamento.data, form.ciudad.data = entidad.departamento, entidad.ciudad
    if form.validate_on_submit():
        proceso = services.create_process(entidad, datos_de(form), current_user, rol)
        db.session.commit()
        flash(
            f"Se creó el borrador {proceso.id_del_proceso}. Cargue sus documentos y publíquelo.",
            "ok",
        )
        return redirect(url_for("entity_processes.detail", proceso_id=proceso.id), 303)
    return render_template(
        "entity_processes/proceso_form.html", form=form, proceso=None, entidad=entidad
    )


@bp.route("/procesos/<int:proceso_id>/editar", methods=["GET", "POST"])
@login_required
def edit(proceso_id: int):
    proceso, rol = own_process(proceso_id)
    form = ProcesoForm(obj=_Valores(proceso))
    error = (
        ""
        if states.is_editable(proceso)
        else (f"Un proceso {states.label(proceso.estado).lower()} ya no se puede editar.")
    )
    if not error and form.validate_on_submit():
        try:
            cambios = services.edit_process(proceso, datos_de(form), current_user, rol)
        except Refused as problema:
            error = str(problema)
        else:
            db.session.commit()
            flash("Se guardaron los cambios." if cambios else "No hubo cambios que guardar.", "ok")
            return redirect(url_for("entity_processes.detail", proceso_id=proceso.id), 303)
    return render_template(
        "entity_processes/proceso_form.html",
        form=form,
        proceso=proceso,
        entidad=proceso.entidad,
        error=error,
    )


def datos_de(form: ProcesoForm) -> dict:
    """The model's values from a valid form (dates read in Bogotá time)."""
    adjudicacion = form.fecha_adjudicacion.data
    return {
        "referencia": form.referencia.data.strip(),
        "nombre": form.nombre.data.strip(),
        "descripcion": (form.descripcion.data or "").strip(),
        "modalidad": form.modalidad.data,
        "tipo_contrato": form.tipo_contrato.data,
        "precio_base": form.precio_base.data,
        "fecha_recepcion_ofertas": bogota_wall_clock(form.fecha_recepcion_ofertas.data),
        "fecha_adjudicacion": clock.start_of_day(adjudicacion) if adjudicacion else None,
        "duracion": form.duracion.data,
        "unidad_duracion": form.unidad_duracion.data or "",
        "departamento": (form.departamento.data or "").strip(),
        "ciudad": (form.ciudad.data or "").strip(),
        "unspsc_principal": form.unspsc_principal.data,
        "unspsc_adicionales": form.unspsc_adicionales.data or [],
    }


class _Valores:
    """The process's values as the form shows them (local dates, not UTC instants)."""

    def __init__(self, proceso: Proceso):
        for campo in services.CAMPOS_EDITABLES:
            setattr(self, campo, getattr(proceso, campo))
        ofertas, adjudicacion_ = proceso.fecha_recepcion_ofertas, proceso.fecha_adjudicacion
        self.fecha_recepcion_ofertas = to_bogota(ofertas).replace(tzinfo=None) if ofertas else None
        self.fecha_adjudicacion = to_bogota(adjudicacion_).date() if adjudicacion_ else None


@bp.get("/procesos/<int:proceso_id>")
@login_required
def detail(proceso_id: int):
    proceso, rol = own_process(proceso_id)
    documentos = services.current_documents(proceso)
    codigos = [c for c in (proceso.unspsc_principal, *proceso.unspsc_adicionales) if c]
    return render_template(
        "entity_processes/proceso.html",
        proceso=proceso,
        rol=rol,
        documentos=documentos,
        unspsc_nombres=code_names(codigos),
        transiciones=states.available(proceso),
        requisitos=services.publication_requirements(proceso)
        if proceso.estado == "borrador"
        else [],
        puede_editarse=states.is_editable(proceso),
        supervisores=award.possible_supervisors(proceso),
        historial=queries.recent_events(proceso, HISTORIAL_EN_FICHA),
    )
