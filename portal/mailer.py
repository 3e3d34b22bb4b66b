"""Send e-mail once the commit that makes it true has happened, and only then.

Every notification goes through ``send_after_commit``: it renders the message at once, so the
message holds plain text rather than rows that the commit expires (after a commit the session
cannot run SQL), and keeps it in the session. The commit sends it, a rollback forgets it, and a
failed send is logged, never turned into an error for a change that is already committed. The
returned ``Outgoing`` records the outcome, for the pages that tell whether the e-mail left.

``deliver`` is the one place a message leaves: over SMTP when a server is configured, otherwise
into the outbox folder, so a self-hosted install without a mail server still works end to end
(every message becomes an ``.eml`` file in OUTBOX_DIR and a line in the log). A job queue only
has to replace the call to ``deliver`` in ``_send_pending``.
"""

import smtplib
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from portal.extensions import db, mail

PENDING = "mailer_pending"


@dataclass
class Outgoing:
    """A rendered message waiting for its commit; ``sent`` is None until the commit tries it."""

    message: Message
    sent: bool | None = None


def listen() -> None:
    """Hook the app's session: send the queued mail after a commit, forget it otherwise."""
    for name, handler in (
        ("after_commit", _send_pending),
        ("after_transaction_end", _forget_pending),
    ):
        if not event.contains(db.session, name, handler):
            event.listen(db.session, name, handler)


def send_after_commit(to: str, subject: str, template: str, **context) -> Outgoing:
    """Render ``email/<template>`` now and send it when the current transaction commits."""
    outgoing = Outgoing(render(to, subject, template, **context))
    session = db.session()
    if not session.in_transaction():
        # Without a transaction a rollback would have nothing to end and keep the message.
        session.begin()
    session.info.setdefault(PENDING, []).append(outgoing)
    return outgoing


def render(to: str, subject: str, template: str, **context) -> Message:
    """Build the message from ``email/<template>.txt`` and ``.html``."""
    return Message(
        subject=subject,
        recipients=[to],
        body=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )


def deliver(message: Message) -> bool:
    """Hand the message to the mail server (or the outbox folder); False if it could not."""
    if not current_app.config.get("MAIL_SERVER"):
        _write_to_outbox(message)
        return True
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception(
            "No se pudo enviar el correo «%s» a %s", message.subject, _recipients(message)
        )
        return False
    current_app.logger.info("Correo «%s» enviado a %s", message.subject, _recipients(message))
    return True


def _send_pending(session: Session) -> None:
    for outgoing in session.info.pop(PENDING, []):
        try:
            outgoing.sent = deliver(outgoing.message)
        except Exception:  # an unsent e-mail must never turn a committed change into an error
            current_app.logger.exception(
                "No se pudo enviar el correo «%s»", outgoing.message.subject
            )
            outgoing.sent = False


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    # After a commit the list is already gone; what is left belongs to a rollback or a close.
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def _write_to_outbox(message: Message) -> Path:
    outbox = Path(current_app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    # Nanosecond names keep the folder in sending order.
    path = outbox / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes())
    current_app.logger.info(
        "Correo «%s» para %s guardado en %s (no hay servidor de correo configurado)",
        message.subject,
        _recipients(message),
        path,
    )
    return path


def _recipients(message: Message) -> str:
    return ", ".join(message.recipients)
