"""E-mails about a contract's execution, queued by the services that make them true.

The mailer sends them after the view's commit; if it rolls back, nobody is told about
something that did not happen.
"""

from flask import url_for

from portal import mailer
from portal.models import Contrato, User

TEMPLATE = "aviso_contrato"


def notify(
    user: User | None, asunto: str, mensaje: str, contrato: Contrato, detalle: str = ""
) -> None:
    """Queue an e-mail to ``user`` about ``contrato``, linking to its 7 Ejecución section."""
    if user is None or not user.email:
        return
    mailer.send_after_commit(
        user.email,
        asunto,
        TEMPLATE,
        nombre=user.nombres,
        mensaje=mensaje,
        detalle=detalle,
        id_contrato=contrato.id_contrato,
        referencia=contrato.referencia,
        entidad=contrato.entidad.nombre,
        enlace=url_for(
            "my_contracts.section",
            id_contrato=contrato.id_contrato,
            seccion="ejecucion",
            _external=True,
        ),
    )
