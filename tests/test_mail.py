"""E-mail: sent after the commit that makes it true, into the outbox folder or over real SMTP."""

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


def sample_message():
    from portal.models import User

    user = User(usuario="ana", email="ana@x.gov.co", nombres="Ana Ñáñez")
    return mailer.render(user.email, "Código de ingreso 123456", "codigo_ingreso", user=user, codigo="123456", minutos=10)  # fmt: skip


def send_sample(app) -> bool:
    with app.test_request_context():
        return mailer.deliver(sample_message())


def queue_notice(user, cambio: str = "su contraseña cambió"):
    """Queue one security notice to ``user`` the way a view does before its commit."""
    from portal.users import notify

    return notify.send_security_notice(user, user.email, cambio)


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


def test_queued_mail_waits_for_the_commit_and_leaves_once(app, db, make_user, outbox):
    user = make_user()
    with app.test_request_context():
        queued = queue_notice(user)
        assert len(outbox) == 0 and queued.sent is None  # nothing leaves before the commit
        db.session.commit()
        db.session.commit()  # a later commit does not send it again
    assert queued.sent is True
    assert [m["Subject"] for m in outbox.messages] == ["Aviso de seguridad: su contraseña cambió"]


def test_queued_mail_is_forgotten_on_rollback(app, db, make_user, outbox):
    user = make_user()
    db.session.commit()
    with app.test_request_context():
        queued = queue_notice(user, "no pasó")
        db.session.rollback()
        queue_notice(db.session.get(type(user), user.id), "sí pasó")
        db.session.commit()
    assert queued.sent is None
    assert [m["Subject"] for m in outbox.messages] == ["Aviso de seguridad: sí pasó"]


def test_mail_queued_outside_a_transaction_is_forgotten_on_rollback(app, db, outbox):
    db.session.commit()
    db.session.close()  # a fresh session: no transaction has begun yet
    with app.test_request_context():
        mailer.send_after_commit("ana@x.gov.co", "No pasó", "codigo_ingreso", **sample_context())
        db.session.rollback()
        db.session.commit()
    assert len(outbox) == 0


def sample_context() -> dict:
    from portal.models import User

    return {"user": User(nombres="Ana"), "codigo": "123456", "minutos": 10}


def test_the_message_holds_what_was_true_when_it_was_queued(app, db, make_user, outbox):
    user = make_user(nombres="Ana Antes")
    with app.test_request_context():
        queue_notice(user)
        user.nombres = "Ana Después"
        db.session.commit()
    assert "Ana Antes" in outbox.text(outbox.last(user.email))


def test_a_failing_send_does_not_undo_the_commit(app, db, make_user, monkeypatch, caplog):
    from portal.models import User

    def broken(message):
        raise RuntimeError("the outbox disk is gone")

    monkeypatch.setattr(mailer, "deliver", broken)
    user = make_user(nombres="Ana Antes")
    with app.test_request_context():
        queued = queue_notice(user)
        user.nombres = "Ana Guardada"
        db.session.commit()  # does not raise
    db.session.expire_all()
    assert db.session.get(User, user.id).nombres == "Ana Guardada"
    assert queued.sent is False and "No se pudo enviar el correo" in caplog.text


def test_unreachable_smtp_server_does_not_break_the_committed_request(mail_app):
    from sqlalchemy import select
    from support import TEST_PASSWORD
    from werkzeug.security import generate_password_hash

    from portal.extensions import db
    from portal.models import CodigoVerificacion, User

    app = mail_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())  # nobody listens there
    with app.app_context():
        db.session.add(User(usuario="pedro", email="pedro@x.gov.co", nombres="Pedro", estado="activo",
                            password_hash=generate_password_hash(TEST_PASSWORD, method="pbkdf2:sha256:1000")))  # fmt: skip
        db.session.commit()
        response = app.test_client().post("/recuperar", data={"usuario": "pedro"})
        assert response.status_code == 200 and "Revise su correo" in response.text
        link = db.session.scalar(
            select(CodigoVerificacion).where(CodigoVerificacion.proposito == "recuperacion")
        )
        assert link is not None  # the recovery link was committed although its e-mail failed
