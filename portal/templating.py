"""What every template may call, registered once by the factory.

Filters that format (money, dates, sizes) live in ``portal.formatting``; this module adds the
helpers that read the request's user or the domains: the active account, the menu entries,
document links and labels.
"""

from flask import Flask

from portal import access, formatting, navigation, urls
from portal.expediente.documents import tipo_label
from portal.models.vocab import ROLES_EN_CONTRATO
from portal.users.zones import local_datetime


def init_app(app: Flask) -> None:
    """Register filters, globals and the context every page is rendered with."""
    formatting.register(app)
    urls.init_app(app)
    app.add_template_filter(local_datetime, "fecha_hora_local")
    app.add_template_filter(tipo_label, "tipo_documento")
    app.add_template_global(urls.document_permalink, "enlace_documento")
    app.add_template_global(navigation.contract_links, "enlaces_contratos")
    # Templates ask for a permission; the role sets behind it live in portal.access only.
    app.add_template_global(access.tiene_permiso, "tiene_permiso")
    app.add_template_filter(lambda rol: ROLES_EN_CONTRATO.get(rol, rol), "rol_en_contrato")
    app.context_processor(lambda: {"membresia_activa": access.active_membership})
