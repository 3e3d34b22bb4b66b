"""E-mail: the outbox folder when no server is configured, real SMTP otherwise."""

import email
import email.policy
import logging
import socket

import pytest
from aiosmtpd.controller import Controller

from portal import mailer


class Collector:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mail_app(test_config):
    """An app with its own mail settings; its database engine is disposed afterwards."""
    from portal import create_app
    from portal.extensions import db

    made = []

    def make(**settings):
        app = create_app(test_config | {"MAIL_SUPPRESS_SEND": False} | settings)
        with app.app_context():
            db.create_all()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def smtp_server():
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def send_sample(app) -> bool:
    from portal.models import User

    user = User(usuario="ana", email="ana@x.gov.co", nombres="Ana Ñáñez")
    with app.test_request_context():
        return mailer.send(user.email, "Código de ingreso 123456", "codigo_ingreso", user=user, codigo="123456", minutos=10)  # fmt: skip


def test_without_server_messages_go_to_the_outbox_as_eml(app, outbox, caplog):
    caplog.set_level(logging.INFO, logger="portal")
    assert send_sample(app)
    message = outbox.last("ana@x.gov.co")
    assert message["Subject"] == "Código de ingreso 123456"
    assert "Portal de Contratación" in message["From"]
    assert "Hola, Ana Ñáñez" in outbox.text(message) and "123456" in outbox.text(message)
    assert "<strong>" not in outbox.text(message)
    assert 'lang="es-CO"' in message.get_body(("html",)).get_content()
    assert "guardado en" in caplog.text


def test_messages_go_over_real_smtp(mail_app, smtp_server, outbox):
    controller, handler = smtp_server
    app = mail_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    with app.app_context():
        assert send_sample(app)
    assert len(handler.messages) == 1
    recipients, message = handler.messages[0]
    assert recipients == ["ana@x.gov.co"]
    assert message["Subject"] == "Código de ingreso 123456"
    assert message.get_body(("html",)) is not None and message.get_body(("plain",)) is not None
    assert not (outbox.folder.exists() and list(outbox.folder.iterdir()))


def test_unreachable_smtp_server_is_reported_not_a_500(mail_app):
    from portal.extensions import db

    app = mail_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens there
    with app.app_context():
        assert send_sample(app) is False
        client = app.test_client()
        client.post("/recuperar", data={"usuario": "nadie"})  # no mail at all: still fine
        from support import TEST_PASSWORD
        from werkzeug.security import generate_password_hash

        from portal.models import User

        user = User(usuario="pedro", email="pedro@x.gov.co", nombres="Pedro", estado="activo",
                    password_hash=generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000"))  # fmt: skip
        db.session.add(user)
        db.session.commit()
        response = client.post(
            "/ingresar",
            data={"usuario": "pedro", "contrasena": TEST_PASSWORD},
            follow_redirects=True,
        )
        assert response.status_code == 200 and "No pudimos enviar el correo" in response.text
