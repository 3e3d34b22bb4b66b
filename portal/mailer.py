"""Send e-mail: over SMTP when a server is configured, otherwise into the outbox folder.

A self-hosted install without a mail server still works end to end: every message becomes an
``.eml`` file in OUTBOX_DIR (open it with any mail program) and a line in the log.
"""

import smtplib
import time
import uuid
from pathlib import Path

from flask import current_app, render_template
from flask_mail import Message

from portal.extensions import mail


def send(to: str, subject: str, template: str, **context) -> bool:
    """Render ``email/<template>.txt`` and ``.html`` and send them; False if it could not be sent."""
    message = Message(
        subject=subject,
        recipients=[to],
        body=render_template(f"email/{template}.txt", **context),
        html=render_template(f"email/{template}.html", **context),
        sender=current_app.config["MAIL_DEFAULT_SENDER"],
    )
    if not current_app.config.get("MAIL_SERVER"):
        _write_to_outbox(message)
        return True
    try:
        mail.send(message)
    except (smtplib.SMTPException, OSError):
        current_app.logger.exception("No se pudo enviar el correo «%s» a %s", subject, to)
        return False
    current_app.logger.info("Correo «%s» enviado a %s", subject, to)
    return True


def _write_to_outbox(message: Message) -> Path:
    outbox = Path(current_app.config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    # Nanosecond names keep the folder in sending order.
    path = outbox / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes())
    current_app.logger.info(
        "Correo «%s» para %s guardado en %s (no hay servidor de correo configurado)",
        message.subject,
        ", ".join(message.recipients),
        path,
    )
    return path
