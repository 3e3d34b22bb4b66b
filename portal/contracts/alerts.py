"""E-mails about a contract's execution, sent only once the change they announce is committed.

A service queues the message while it acts; if the view's commit fails (or it rolls back),
nobody is told about something that did not happen. Everything the template needs is
captured as plain text at queue time: after a commit the session cannot run SQL.
"""

from flask import current_app, url_for
from sqlalchemy import event

from portal import mailer
from portal.extensions import db
from portal.models import Contrato, User

KEY = "avisos_contrato_pendientes"
TEMPLATE = "aviso_contrato"


def listen() -> None:
    if not event.contains(db.session, "after_commit", send_pending):
        event.listen(db.session, "after_commit", send_pending)
        event.listen(db.session, "after_soft_rollback", forget)


def avisar(
    user: User | None, asunto: str, mensaje: str, contrato: Contrato, detalle: str = ""
) -> None:
    """Queue an e-mail to ``user`` about ``contrato``, linking to its 7 Ejecución section."""
    if user is None or not user.email:
        return
    context = {
        "nombre": user.nombres,
        "mensaje": mensaje,
        "detalle": detalle,
        "id_contrato": contrato.id_contrato,
        "referencia": contrato.referencia,
        "entidad": contrato.entidad.nombre,
        "enlace": url_for(
            "my_contracts.seccion",
            id_contrato=contrato.id_contrato,
            seccion="ejecucion",
            _external=True,
        ),
    }
    db.session.info.setdefault(KEY, []).append((user.email, asunto, context))


def send_pending(session) -> None:
    for to, asunto, context in session.info.pop(KEY, []):
        try:
            mailer.send(to, asunto, TEMPLATE, **context)
        except Exception:  # an unsent notice must never turn a committed change into an error
            current_app.logger.exception("No se pudo enviar el aviso «%s» a %s", asunto, to)


def forget(session, previous_transaction) -> None:
    if not session.in_transaction():
        session.info.pop(KEY, None)
