"""Public document pages and permalinks: byte-exact downloads with ETag and Range support."""

from flask import redirect, render_template

from portal.blueprints.documents import bp
from portal.blueprints.documents.loaders import public_document_or_404
from portal.downloads import send_documento
from portal.expediente import published
from portal.expediente.documents import tipo_label
from portal.urls import document_permalink, safe_file_name


@bp.get("/documentos/<int:documento_id>")
def detail(documento_id: int):
    documento = public_document_or_404(documento_id)
    return render_template(
        "documents/detalle.html",
        documento=documento,
        tipo=tipo_label(documento.tipo),
        proceso=documento.proceso or (documento.contrato and documento.contrato.proceso),
        versiones=published.versions(documento),
        eventos=published.public_events(documento),
    )


@bp.get("/documentos/<int:documento_id>/<nombre>")
def download(documento_id: int, nombre: str):
    documento = public_document_or_404(documento_id)
    if nombre != safe_file_name(documento.nombre_archivo):
        return redirect(document_permalink(documento), 308)
    return send_documento(documento)
