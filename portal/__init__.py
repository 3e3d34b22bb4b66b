"""Portal de Contratación: the application factory reads as a table of contents."""

from importlib import import_module
from pathlib import Path

from flask import Flask

from portal import config as portal_config
from portal.extensions import compress, csrf, db, htmx, limiter, login_manager, mail, migrate

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

BLUEPRINTS = (
    # Public, no account needed: home, process search and expediente, documents, entities, contracts.
    "home",
    "processes",
    "documents",
    "entities",
    "contracts",
    # People and accounts: a user's own access; entity and provider accounts; the platform admin.
    "auth",
    "accounts",
    "platform_admin",
    # Work areas: uploads; contractors and supervisors; the entity's processes, contracts and PAA.
    "uploads",
    "my_contracts",
    "entity_processes",
    "entity_contracts",
    "entity_paa",
)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the portal: configuration, extensions, blueprints, error pages, CLI."""
    instance_path = (test_config or {}).get("INSTANCE_PATH")
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    configure(app, test_config)
    register_extensions(app)
    register_http(app)
    register_login(app)
    register_search(app)
    register_upload_purposes(app)
    register_mail(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    return app


def configure(app: Flask, test_config: dict | None) -> None:
    """Load defaults, then instance/config.py and PORTAL_* variables (or the test settings)."""
    app.config.from_object(portal_config.Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("PORTAL")
    else:
        app.config.update(test_config)
    portal_config.resolve_instance_paths(app.config, app.instance_path)
    portal_config.resolve_engine_options(app.config)
    portal_config.ensure_secret_key(app.config, app.instance_path)
    portal_config.resolve_cookie_security(app.config)
    app.config["SESSION_COOKIE_NAME"] = "portal_sesion"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS_DIR), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    htmx.init_app(app)


def register_http(app: Flask) -> None:
    """Security headers, page validators, fingerprinted static files (after Flask-Compress)."""
    from portal import http

    http.init_app(app)


def register_login(app: Flask) -> None:
    """Sessions load users by id and session version; anonymous users are sent to /ingresar."""
    from portal.models.accounts import load_user  # also registers every table
    from portal.redirects import unauthorized
    from portal.users.sessions import enforce_session_limits

    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Ingrese para continuar."
    login_manager.session_protection = "strong"
    app.before_request(enforce_session_limits)


def register_search(app: Flask) -> None:
    """Keep the search index in step with the database after every commit."""
    from portal.search import init_app

    init_app(app)


def register_upload_purposes(app: Flask) -> None:
    """Tell the upload core what each domain accepts: the core itself knows no feature."""
    from portal.contracts import (
        entity_uploads,
        execution_uploads,
        invoice_uploads,
        management_uploads,
    )
    from portal.processes import uploads as process_uploads

    for module in (
        execution_uploads,
        entity_uploads,
        invoice_uploads,
        management_uploads,
        process_uploads,
    ):
        module.register_purposes()


def register_mail(app: Flask) -> None:
    """E-mail queued during a request leaves only after the commit that makes it true."""
    from portal import mailer

    mailer.listen()


def register_blueprints(app: Flask) -> None:
    """Register one blueprint per area (each a package under portal/blueprints/)."""
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"portal.blueprints.{name}").bp)


def register_errorhandlers(app: Flask) -> None:
    from portal.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from portal import templating

    templating.init_app(app)


def register_commands(app: Flask) -> None:
    from portal.commands import register

    register(app)
