"""How documents are named in pages: their stable public address and their type label."""

from flask import url_for

from portal.blueprints.documentos import bp
from portal.expediente.documents import safe_file_name, tipo_label
from portal.models import Documento


@bp.app_template_global("enlace_documento")
def permalink(documento: Documento, external: bool = False) -> str:
    """/documentos/<id>/<safe-name>: the id identifies; the name only reads well in a link."""
    return url_for(
        "documentos.descargar",
        documento_id=documento.id,
        nombre=safe_file_name(documento.nombre_archivo),
        _external=external,
    )


bp.add_app_template_filter(tipo_label, "tipo_documento")
