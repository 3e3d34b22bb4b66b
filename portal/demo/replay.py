"""Run the portal's own domain services at a past moment of the demo's history.

The services read the time from portal.clock; the models' own defaults (``creado_en``,
``cargado_en``, ``actualizado_en``) read the system time, so while a demo moment is set the rows
the services add or change are stamped with it too. Each step is flushed before the clock moves
on. Services that log the signed-in person (``current_user``) see the person the step is taken
as; e-mails they queue about the demo's past are dropped, never sent.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from flask import current_app
from flask_login import login_user, logout_user
from sqlalchemy import event

from portal import clock, mailer
from portal.extensions import db
from portal.models import User
from portal.storage import StoredFile
from portal.uploads.purposes import Complete, CompletedUpload

# Purposes answer with the URL of a receipt page; the demo has no upload session behind it.
UPLOAD_TOKEN = "demo"


@contextmanager
def request_context() -> Iterator[None]:
    """A request for the services to run in: url_for works, no client address is logged."""
    with current_app.test_request_context(environ_base={"REMOTE_ADDR": ""}):
        yield


@contextmanager
def at(moment: datetime, user: User | None = None) -> Iterator[None]:
    """Run the block as if it were ``moment`` (signed in as ``user``), and flush what it did."""
    session = db.session()
    previous = clock._source
    queued = len(session.info.get(mailer.PENDING, []))

    def stamp(session, _context, _instances) -> None:
        for row in session.new:
            for column in ("creado_en", "cargado_en"):
                if hasattr(row, column) and getattr(row, column) is None:
                    setattr(row, column, moment)
        for row in session.dirty:
            if hasattr(row, "actualizado_en") and session.is_modified(
                row, include_collections=False
            ):
                row.actualizado_en = moment

    clock._source = lambda: moment
    event.listen(session, "before_flush", stamp)
    if user is not None:
        login_user(user, force=True)
    try:
        yield
        session.flush()
    finally:
        if user is not None:
            logout_user()
        event.remove(session, "before_flush", stamp)
        clock._source = previous
        del session.info.get(mailer.PENDING, [])[queued:]


def upload(complete: Complete, user: User, target: dict, stored: StoredFile, name: str) -> None:
    """Hand a stored PDF to an upload purpose, as the upload core does once a file arrives."""
    received = CompletedUpload(UPLOAD_TOKEN, stored, name, name, "application/pdf")
    complete(user, {key: str(value) for key, value in target.items()}, received)
