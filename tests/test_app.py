"""The factory, configuration sources, error pages and the health check."""

import pytest
import sqlalchemy as sa

from portal import config as portal_config
from portal import create_app, search
from portal.config import MissingSecretKey


def make(tmp_path, monkeypatch, **env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("flask.Flask.auto_find_instance_path", lambda self: str(tmp_path))
    return create_app()


def test_defaults_live_in_the_instance_folder(tmp_path, monkeypatch):
    app = make(tmp_path, monkeypatch)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'portal.sqlite3'}"
    assert app.config["SEARCH_INDEX_DIR"] == str(tmp_path / "index")
    assert app.config["UPLOAD_DIR"] == str(tmp_path / "uploads")


def test_secret_key_is_generated_once(tmp_path, monkeypatch):
    first = make(tmp_path, monkeypatch).config["SECRET_KEY"]
    second = make(tmp_path, monkeypatch).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_production_without_secret_refuses_to_start(tmp_path, monkeypatch):
    with pytest.raises(MissingSecretKey, match="PORTAL_SECRET_KEY"):
        make(tmp_path, monkeypatch, PORTAL_ENV="production")
    assert not (tmp_path / "secret_key").exists()


def test_environment_overrides_instance_config(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text('SITE_NAME = "Desde instance"\nPAGE_SIZE = 7\n')
    app = make(tmp_path, monkeypatch, PORTAL_SITE_NAME="Desde entorno", PORTAL_SECRET_KEY="k")
    assert app.config["SITE_NAME"] == "Desde entorno"
    assert app.config["PAGE_SIZE"] == 7
    assert app.config["SECRET_KEY"] == "k"


def test_unknown_page_is_a_spanish_404(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    assert "Página no encontrada" in response.text
    assert 'lang="es-CO"' in response.text


def test_htmx_error_is_a_fragment(client):
    response = client.get("/no-existe", headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "<html" not in response.text and "Página no encontrada" in response.text


def test_unexpected_error_is_a_spanish_500(app, client):
    @app.get("/_falla")
    def falla():
        raise RuntimeError("boom")

    response = client.get("/_falla")
    assert response.status_code == 500
    assert "Error del servidor" in response.text
    assert "boom" not in response.text


def test_health_reports_database_and_index(app, client):
    with app.app_context():
        search.reindex()
    response = client.get("/salud")
    assert response.status_code == 200
    assert response.json["base_de_datos"]["estado"] == "ok"
    assert "indice" in response.json
    assert response.json["fallas"] == []


def test_health_is_503_and_names_a_missing_index(client):
    """Search answers nothing without an index: monitoring must hear about it."""
    response = client.get("/salud")
    assert response.status_code == 503
    assert response.json["fallas"] == ["indice"]
    assert response.json["indice"]["estado"] == "sin_indice"
    assert response.json["base_de_datos"]["estado"] == "ok"


def test_health_is_503_when_database_is_unreachable(app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("sin conexión"))

    monkeypatch.setattr(type(app.extensions["sqlalchemy"].session()), "execute", broken)
    response = client.get("/salud")
    assert response.status_code == 503
    assert response.json["base_de_datos"]["estado"] == "error"
    assert "base_de_datos" in response.json["fallas"]


@pytest.mark.parametrize(
    ("uri", "options", "ping"),
    [
        ("sqlite:////srv/portal/instance/portal.sqlite3", {}, False),
        ("postgresql+psycopg://portal@127.0.0.1/portal", {}, True),
        ("sqlite:///x.sqlite3", {"pool_pre_ping": True}, True),  # the configuration wins
    ],
)
def test_connections_are_pinged_only_where_a_server_can_drop_them(uri, options, ping):
    config = {"SQLALCHEMY_DATABASE_URI": uri, "SQLALCHEMY_ENGINE_OPTIONS": options}
    portal_config.resolve_engine_options(config)
    assert config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is ping
