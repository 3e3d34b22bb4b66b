"""Helpers shared by test modules (import them from here, never from conftest).

A module name of its own avoids the clash between tests/conftest.py and tests/browser/conftest.py,
which Python would both import as "conftest".
"""

from flask import session

from portal.access import choose_membership
from portal.extensions import db as _db
from portal.users.sessions import start_session

TEST_PASSWORD = "Cl4ve-de-prueba!"


def sign_in(client, user, membresia=None) -> None:
    """Give ``client`` a real signed-in session of ``user`` (no e-mailed code), like a login does.

    Sessions are checked server-side on every request, so a hand-made ``_user_id`` no longer works.
    """
    with client.application.test_request_context(environ_base=client.environ_base):
        start_session(user)
        if membresia is not None:
            choose_membership(membresia)
        values = dict(session)
        _db.session.commit()
    with client.session_transaction() as sess:
        sess.clear()
        sess.update(values)
