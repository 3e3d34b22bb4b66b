"""Public process pages: the list and the detail (expediente)."""

from flask import render_template, request
from sqlalchemy import func, select

from portal.blueprints.procesos import bp
from portal.blueprints.procesos.services import get_public_proceso
from portal.extensions import db
from portal.models import Proceso, Unspsc


@bp.get("/procesos")
def buscar():
    page = max(request.args.get("pagina", 1, type=int), 1)
    query = select(Proceso).where(Proceso.estado != "borrador")
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    recientes = db.session.scalars(
        query.order_by(Proceso.fecha_publicacion.desc().nulls_last(), Proceso.id.desc())
        .limit(20)
        .offset((page - 1) * 20)
    ).all()
    return render_template("procesos/buscar.html", recientes=recientes, total=total, pagina=page)


@bp.get("/procesos/<id_del_proceso>")
def detalle(id_del_proceso: str):
    proceso = get_public_proceso(id_del_proceso)
    codigos = [proceso.unspsc_principal, *proceso.unspsc_adicionales]
    nombres = dict(
        db.session.execute(
            select(Unspsc.codigo, Unspsc.nombre).where(Unspsc.codigo.in_([c for c in codigos if c]))
        ).all()
    )
    return render_template("procesos/detalle.html", proceso=proceso, unspsc_nombres=nombres)
