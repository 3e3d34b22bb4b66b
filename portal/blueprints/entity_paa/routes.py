"""The entity's PAA pages: plans by year, the draft's items, import and publication.

Administradores import and publish; Compradores may also edit the draft's items, as SECOP II
lets the users the Administrador allows manage the plan (the guide's "roles y permisos").
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal import access
from portal.access import account_roles
from portal.blueprints.entity_paa import bp
from portal.blueprints.entity_paa.forms import ImportarForm, ItemForm, PublicarForm, VigenciaForm
from portal.blueprints.entity_paa.loaders import load_entidad, load_item, load_plan
from portal.errors import Refused
from portal.extensions import db
from portal.models import ItemPlan, PlanAnual
from portal.paa import queries, services
from portal.paa.importer import MAX_PROBLEMS_SHOWN, OLD_EXCEL, FileRefused, read_paa
from portal.paa.values import parse_item
from portal.pages import page_number, render_page_or_fragment
from portal.uploads.plain import size_of
from portal.uploads.sessions import max_bytes

EDITORS = access.BUYER_MEMBER_ROLES
ADMINS = access.ADMINISTRATOR_MEMBER_ROLES


@bp.route("/cuentas/<int:cuenta_id>/paa", methods=["GET", "POST"])
@login_required
def plans(cuenta_id: int):
    entidad = load_entidad(cuenta_id, *EDITORS)
    form = VigenciaForm()
    if form.validate_on_submit():
        try:
            plan = services.create_plan(entidad, form.vigencia.data)
        except Refused as error:
            form.vigencia.errors.append(str(error))
        else:
            db.session.commit()
            return redirect(url_for(".draft", cuenta_id=cuenta_id, anio=plan.vigencia))
    return render_template(
        "paa/gestion.html", entidad=entidad, planes=queries.plans_of(entidad), form=form
    )


@bp.get("/cuentas/<int:cuenta_id>/paa/<int:anio>")
@login_required
def draft(cuenta_id: int, anio: int):
    plan = load_plan(cuenta_id, anio, *EDITORS)
    return render_page_or_fragment("paa/borrador.html", "paa/_items.html", **draft_context(plan))


def render_import(plan: PlanAnual, importacion=None, import_form=None, status: int = 200):
    """The whole draft page with the import's report (the items fragment has no room for it)."""
    context = draft_context(plan, importacion, import_form)
    return render_template("paa/borrador.html", **context), status


def draft_context(plan: PlanAnual, importacion=None, import_form=None) -> dict:
    texto = request.args.get("q", "")[:200]
    page = queries.items_page(services.draft_query(plan), texto, page_number())
    return {
        "plan": plan,
        "page": page,
        "q": texto,
        "editar": True,
        "lista_url": url_for(".draft", cuenta_id=plan.entidad_id, anio=plan.vigencia),
        "es_admin": access.has_role(_roles(plan), ADMINS),
        "pendiente": services.has_unpublished_changes(plan),
        "importar_form": import_form or ImportarForm(),
        "publicar_form": PublicarForm(),
        "importacion": importacion,
        "max_problemas": MAX_PROBLEMS_SHOWN,
    }


def _roles(plan: PlanAnual) -> set[str]:
    return account_roles(current_user, plan.entidad_id)


@bp.post("/cuentas/<int:cuenta_id>/paa/<int:anio>/importar")
@login_required
def import_plan(cuenta_id: int, anio: int):
    plan = load_plan(cuenta_id, anio, *ADMINS)
    form = ImportarForm()
    if not form.validate_on_submit():
        abort(400)
    archivo = request.files.get("archivo")
    problem = _file_problem(archivo)
    if problem is None:
        try:
            result = read_paa(archivo.read(), plan.entidad.nit)
        except FileRefused as error:
            problem = str(error)
    if problem is not None:
        form.archivo.errors = [problem]
        return render_import(plan, import_form=form, status=422)
    if result.items:
        services.replace_draft(plan, result.items, archivo.filename or "archivo")
        db.session.commit()
    return render_import(plan, importacion=result)


def _file_problem(archivo) -> str | None:
    if archivo is None or not archivo.filename:
        return "Elija el archivo del PAA (Excel .xlsx o CSV)."
    name = archivo.filename.lower()
    if name.endswith(".xls"):
        return OLD_EXCEL
    if not name.endswith((".xlsx", ".csv", ".txt")):
        return "Suba el PAA exportado de SECOP II en Excel (.xlsx) o CSV (.csv)."
    if size_of(archivo.stream) > max_bytes():
        return "El archivo supera el tamaño máximo permitido."
    return None


@bp.route("/cuentas/<int:cuenta_id>/paa/<int:anio>/items/nuevo", methods=["GET", "POST"])
@login_required
def new_item(cuenta_id: int, anio: int):
    plan = load_plan(cuenta_id, anio, *EDITORS)
    form = ItemForm()
    values = _valid_values(form)
    if values is not None:
        services.add_item(plan, values)
        db.session.commit()
        flash("La adquisición quedó en el borrador. Publique el plan para que sea pública.", "ok")
        return redirect(url_for(".draft", cuenta_id=cuenta_id, anio=anio))
    return render_template("paa/item.html", plan=plan, form=form, item=None)


@bp.route("/cuentas/<int:cuenta_id>/paa/<int:anio>/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def edit_item(cuenta_id: int, anio: int, item_id: int):
    plan = load_plan(cuenta_id, anio, *EDITORS)
    item = load_item(plan, item_id)
    form = ItemForm(data=None if request.method == "POST" else _form_data(item))
    _allow_current(form, item)
    values = _valid_values(form)
    if values is not None:
        changed = services.update_item(item, values)
        db.session.commit()
        flash("Guardamos los cambios en el borrador." if changed else "No hubo cambios.", "ok")
        return redirect(url_for(".draft", cuenta_id=cuenta_id, anio=anio))
    return render_template("paa/item.html", plan=plan, form=form, item=item)


@bp.post("/cuentas/<int:cuenta_id>/paa/<int:anio>/items/<int:item_id>/eliminar")
@login_required
def delete_item(cuenta_id: int, anio: int, item_id: int):
    plan = load_plan(cuenta_id, anio, *EDITORS)
    item = load_item(plan, item_id)
    if not PublicarForm().validate_on_submit():
        abort(400)
    services.delete_item(item)
    db.session.commit()
    flash("La adquisición salió del borrador.", "ok")
    return redirect(url_for(".draft", cuenta_id=cuenta_id, anio=anio))


@bp.post("/cuentas/<int:cuenta_id>/paa/<int:anio>/publicar")
@login_required
def publish(cuenta_id: int, anio: int):
    plan = load_plan(cuenta_id, anio, *ADMINS)
    form = PublicarForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        version = services.publish(plan, current_user._get_current_object(), form.nota.data or "")
    except Refused as error:
        flash(str(error), "error")
        return redirect(url_for(".draft", cuenta_id=cuenta_id, anio=anio))
    db.session.commit()
    flash(f"Publicó la versión {version.numero} del PAA {anio}.", "ok")
    return redirect(url_for("entities.plan", nit=plan.entidad.nit, anio=anio))


def _valid_values(form: ItemForm) -> dict | None:
    """Item values when the form is valid under the import's rules; errors go on the fields."""
    if request.method != "POST":
        return None
    valid = form.validate_on_submit()  # then the item rules too, so every problem shows at once
    values, problems = parse_item(form.data)
    for name, problem in problems.items():
        form[name].errors = [*form[name].errors, problem]
    if problems or not valid:
        return None
    # Columns the form does not show (Ley 2046...) keep what the import brought.
    return {k: v for k, v in values.items() if k in form.data or k == "texto_busqueda"}


def _form_data(item: ItemPlan) -> dict:
    data = {name: getattr(item, name) for name in services.ITEM_FIELDS}
    data["mes_inicio"] = str(item.mes_inicio)
    data["mes_ofertas"] = str(item.mes_ofertas or "")
    data["duracion"] = "" if item.duracion is None else str(item.duracion)
    data["requiere_vigencias_futuras"] = "Sí" if item.requiere_vigencias_futuras else "No"
    return data


def _allow_current(form: ItemForm, item: ItemPlan) -> None:
    """Imported values outside the form's lists stay valid choices for their own item."""
    for name in ("modalidad", "fuente_recursos", "estado_vigencias_futuras", "duracion_unidad"):
        field, current = form[name], getattr(item, name)
        if current not in field.choices:
            field.choices = field.choices | {current: current}
