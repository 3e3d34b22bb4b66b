"""Migrations build the same schema as the models, and go down and up again cleanly."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db


@pytest.fixture
def bare_app(test_config):
    app = create_app(test_config)
    with app.app_context():
        yield app
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


def schema_differences():
    with db.engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), db.metadata)


def test_upgrade_from_empty_matches_models(bare_app):
    upgrade()
    assert schema_differences() == []


def test_downgrade_then_upgrade_round_trip(bare_app):
    upgrade()
    downgrade(revision="base")
    assert sa.inspect(db.engine).get_table_names() == ["alembic_version"]
    upgrade()
    assert schema_differences() == []
