"""Documents of the process by stage: choose the type, upload (resumable), new versions."""

from flask import abort, render_template, request
from flask_login import login_required

from portal.blueprints.entity_processes import bp
from portal.blueprints.entity_processes.loaders import own_process
from portal.downloads import send_documento
from portal.errors import Refused
from portal.expediente.documents import group_versions
from portal.extensions import db
from portal.models import Documento
from portal.models.vocab import TIPOS_DOCUMENTO_EXPEDIENTE
from portal.processes import services, states
from portal.processes.uploads import NAME, TIPOS, previous_version

TIPOS_CARGA = {tipo: TIPOS_DOCUMENTO_EXPEDIENTE[tipo][0] for tipo in TIPOS}


@bp.get("/procesos/<int:proceso_id>/documentos")
@login_required
def documents(proceso_id: int):
    """The documents of the process, and the uploader for the chosen type (or new version)."""
    proceso, _rol = own_process(proceso_id)
    tipo = request.args.get("tipo", "")
    tipo = tipo if tipo in TIPOS_CARGA else _sugerido(proceso)
    serie = request.args.get("serie", "")
    previo = previous_version(proceso, serie) if serie else None
    if previo is not None:
        tipo = previo.tipo
    aviso = _aviso_carga(proceso, tipo)
    objetivo = {"proposito": NAME, "proceso_id": str(proceso.id), "tipo": tipo}
    if previo is not None:
        objetivo |= {"serie": previo.serie, "descripcion": previo.descripcion}
    cargado = db.session.get(Documento, request.args.get("cargado", 0, type=int))
    return render_template(
        "entity_processes/documentos.html",
        proceso=proceso,
        entradas=group_versions(services.current_documents(proceso)),
        tipos=TIPOS_CARGA,
        tipo=tipo,
        previo=previo,
        aviso=aviso,
        objetivo=objetivo,
        cargado=cargado if cargado and cargado.proceso_id == proceso.id else None,
    )


def _sugerido(proceso) -> str:
    """The first type the process still lacks, so the page opens on what to do next."""
    cargados = {d.tipo for d in services.current_documents(proceso)}
    for tipo in ("estudios_previos", "aviso_convocatoria", "proyecto_pliego"):
        if tipo not in cargados:
            return tipo
    return "otro"


def _aviso_carga(proceso, tipo: str) -> str:
    try:
        states.check_document(proceso, tipo)
    except Refused as problema:
        return str(problema)
    return ""


@bp.get("/procesos/<int:proceso_id>/documentos/<int:documento_id>/archivo")
@login_required
def document_file(proceso_id: int, documento_id: int):
    """The file of any document of the process (drafts too), for the entity's own users."""
    proceso, _rol = own_process(proceso_id)
    documento = db.session.get(Documento, documento_id)
    if documento is None or documento.proceso_id != proceso.id:
        abort(404)
    return send_documento(documento, private=True)
