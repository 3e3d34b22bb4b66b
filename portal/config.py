"""Default settings.

Secrets and site settings never live here: they come from ``instance/config.py`` or from
``PORTAL_*`` environment variables (``PORTAL_SECRET_KEY``, ``PORTAL_SQLALCHEMY_DATABASE_URI``...).
Paths left as ``None`` are resolved inside the instance folder by ``resolve_instance_paths``.
"""

import secrets
from datetime import timedelta
from pathlib import Path


class Defaults:
    ENV = "development"
    SECRET_KEY = None
    SITE_NAME = "Portal de Contratación"
    TIMEZONE = "America/Bogota"

    SQLALCHEMY_DATABASE_URI = None  # sqlite:///<instance>/portal.sqlite3
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}  # see resolve_engine_options

    SEARCH_INDEX_DIR = None  # <instance>/index
    UPLOAD_DIR = None  # <instance>/uploads
    OUTBOX_DIR = None  # <instance>/outbox
    MAX_UPLOAD_BYTES = 100 * 1024 * 1024
    UPLOAD_EXPIRY = timedelta(hours=24)  # unfinished resumable uploads are removed after this

    # No MAIL_SERVER means "write every message to the outbox folder".
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Portal de Contratación <no-responder@portal.local>"

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # None: Secure exactly when PREFERRED_URL_SCHEME is "https" (see resolve_cookie_security).
    SESSION_COOKIE_SECURE = None
    PREFERRED_URL_SCHEME = "http"
    REMEMBER_COOKIE_HTTPONLY = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)

    WTF_CSRF_TIME_LIMIT = None  # the session lifetime already bounds the token

    PAGE_SIZE = 20

    # Pages are compressed; streamed responses (document downloads, zips) are not: a file is
    # served byte for byte so its ETag (the SHA-256) and byte ranges stay true.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False

    # Behind a reverse proxy (nginx), how many proxies set X-Forwarded-For/-Proto/-Host/-Prefix:
    # 0 trusts none (direct access); 1 for one nginx in front. See README, "Producción".
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    PROXY_FIX_X_HOST = 0
    PROXY_FIX_X_PREFIX = 0

    # Accounts (blueprint "cuenta"). Tests use a cheap hash method; production keeps scrypt.
    PASSWORD_HASH_METHOD = "scrypt"
    CODIGO_INGRESO_MINUTOS = 10
    CODIGO_REGISTRO_MINUTOS = 30
    CODIGO_CORREO_MINUTOS = 30
    RECUPERACION_MINUTOS = 30
    CODIGO_MAX_INTENTOS = 5
    CODIGO_REENVIO_SEGUNDOS = 60
    CODIGO_MAX_REENVIOS = 5
    BLOQUEO_INTENTOS = 5
    BLOQUEO_MINUTOS = 15
    SESION_INACTIVIDAD_MINUTOS = 30
    SESION_MAXIMA_HORAS = 8
    ACCESOS_POR_PAGINA = 20
    RATELIMIT_INGRESO_IP = "30 per 10 minutes"
    RATELIMIT_INGRESO_CUENTA = "10 per 10 minutes"
    RATELIMIT_CODIGO_IP = "30 per 10 minutes"
    RATELIMIT_REENVIO_IP = "10 per 10 minutes"
    RATELIMIT_REGISTRO_IP = "10 per hour"
    RATELIMIT_RECUPERAR_IP = "10 per hour"
    RATELIMIT_RECUPERAR_CUENTA = "5 per hour"


def resolve_instance_paths(config: dict, instance_path: str) -> None:
    """Point every unset path setting inside the instance folder."""
    instance = Path(instance_path)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'portal.sqlite3'}"
    defaults = {"SEARCH_INDEX_DIR": "index", "UPLOAD_DIR": "uploads", "OUTBOX_DIR": "outbox"}
    for key, folder in defaults.items():
        config[key] = str(Path(config.get(key) or instance / folder))


def resolve_engine_options(config: dict) -> None:
    """Ping pooled connections before use only where a server can drop them (PostgreSQL).

    A SQLite file cannot go away between requests; pinging it costs a query per request.
    Options set in the configuration win.
    """
    server = not config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    options = dict(config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
    config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": server} | options


class MissingSecretKey(RuntimeError):
    """Raised when a production deployment starts without a configured secret key."""


def ensure_secret_key(config: dict, instance_path: str) -> None:
    """Use the configured secret, or generate one once into the instance folder.

    A self-hosted install should not need a manual step to be secure, but production must be
    explicit: a generated key on one of several servers would silently break sessions.
    """
    if config.get("SECRET_KEY"):
        return
    if config.get("ENV") == "production":
        raise MissingSecretKey(
            "Falta la clave secreta: defina PORTAL_SECRET_KEY o SECRET_KEY en instance/config.py "
            "antes de iniciar el portal en producción (PORTAL_ENV=production)."
        )
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    config["SECRET_KEY"] = key_file.read_text().strip()


def resolve_cookie_security(config: dict) -> None:
    """Mark session cookies Secure when the site is served over HTTPS, unless set explicitly."""
    https = config.get("PREFERRED_URL_SCHEME") == "https"
    for key in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"):
        if config.get(key) is None:
            config[key] = https


def self_contained(folder: Path, **overrides) -> dict:
    """Settings for a whole throwaway portal kept in one folder (benchmarks, browser tests).

    Database, index, uploads, outbox and instance all live under ``folder``, so a run never
    touches the real instance/ and removing the folder removes everything.
    """
    settings = {
        "SECRET_KEY": "sin-secreto-carpeta-temporal",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'portal.sqlite3'}",
        "SEARCH_INDEX_DIR": str(folder / "index"),
        "UPLOAD_DIR": str(folder / "uploads"),
        "OUTBOX_DIR": str(folder / "outbox"),
        "INSTANCE_PATH": str(folder / "instance"),
        "RATELIMIT_ENABLED": False,
    }
    return settings | overrides
