"""Rate limits per IP and per account, in memory and shared through Redis."""

import uuid

import pytest
import redis

from portal import create_app
from portal.extensions import db

LIMITS = {
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_INGRESO_IP": "4 per minute",
    "RATELIMIT_INGRESO_CUENTA": "2 per minute",
}
REDIS_URL = "redis://127.0.0.1:6379"


def attempt(client, usuario="alguien"):
    return client.post("/ingresar", data={"usuario": usuario, "contrasena": "No-es-0k!"})


@pytest.fixture
def test_config(test_config):
    return test_config | LIMITS


@pytest.fixture
def new_worker():
    """Start apps like separate gunicorn workers would; dispose their engines afterwards."""
    apps = []

    def start(config):
        worker = create_app(config)
        with worker.app_context():
            db.create_all()
        apps.append(worker)
        return worker.test_client()

    yield start
    for worker in apps:
        with worker.app_context():
            db.engine.dispose()


def test_per_account_limit_applies_across_ips(client):
    statuses = [
        attempt(client, "objetivo").status_code,
        client.post("/ingresar", data={"usuario": "OBJETIVO", "contrasena": "x"},
                    environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code,
        client.post("/ingresar", data={"usuario": "objetivo", "contrasena": "x"},
                    environ_base={"REMOTE_ADDR": "10.0.0.3"}).status_code,
    ]  # fmt: skip
    assert statuses == [200, 200, 429]


def test_per_ip_limit_applies_across_accounts(client):
    statuses = [attempt(client, f"usuario{n}").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    page = attempt(client, "otro")
    assert "Demasiados intentos" in page.text and "Retry-After" in page.headers


def test_gets_are_not_limited(client):
    for _ in range(6):
        assert client.get("/ingresar").status_code == 200


def test_memory_storage_is_per_process(test_config, new_worker):
    first = new_worker(test_config)
    assert [attempt(first).status_code for _ in range(2)] == [200, 200]
    restarted = new_worker(test_config)  # a new worker starts from zero
    assert attempt(restarted).status_code == 200


@pytest.fixture
def redis_config(test_config):
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        pytest.skip("Redis no está disponible en 127.0.0.1:6379")
    prefix = f"prueba-{uuid.uuid4().hex}"
    yield test_config | {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": prefix}
    keys = list(server.scan_iter(f"*{prefix}*"))
    if keys:
        server.delete(*keys)
    server.close()


def test_redis_storage_is_shared_between_workers(redis_config, new_worker):
    client_a = new_worker(redis_config)
    assert [attempt(client_a).status_code for _ in range(2)] == [200, 200]
    prefix = redis_config["RATELIMIT_KEY_PREFIX"]
    assert list(redis.Redis.from_url(REDIS_URL).scan_iter(f"*{prefix}*"))
    worker_b = new_worker(redis_config)  # another gunicorn worker, same Redis
    assert attempt(worker_b).status_code == 429
