"""/healthz answers while the process runs; /readyz asks every dependency, through the view."""

from __future__ import annotations

import socket

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from ops import health


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens


def unreachable_twin(wrapper):
    """A connection like ``wrapper`` whose server is gone: PostgreSQL on a port nobody
    listens on, SQLite in a folder that does not exist."""
    settings_dict = dict(wrapper.settings_dict)
    if wrapper.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-ustat-folder/db.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
        settings_dict.setdefault("OPTIONS", {})["connect_timeout"] = 2
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)


@pytest.mark.django_db
def test_liveness_asks_no_dependency(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_ready_when_every_dependency_answers(client, settings):
    settings.CELERY_BROKER_URL = ""  # CI has one: test_the_broker_is_asked_when_there_is_one
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    checks = response.json()["checks"]
    assert checks == {
        "database": "ok",
        "cache": "ok",
        "broker": "skipped",  # no broker: tasks run eagerly
        "storage": "ok",
        "migrations": "ok",
    }


@pytest.mark.django_db
def test_not_ready_while_the_database_is_down_and_ready_again_after(client):
    working = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = unreachable_twin(working)
    try:
        down = client.get("/readyz")
        live = client.get("/healthz")
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = working
    assert down.status_code == 503
    assert down.json()["status"] == "error"
    assert down.json()["checks"]["database"] == "error"
    assert live.status_code == 200  # liveness does not follow the database
    again = client.get("/readyz")
    assert again.status_code == 200
    assert again.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_not_ready_while_a_migration_is_not_applied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    last = MigrationRecorder.Migration.objects.filter(app="home").latest("id")
    last.delete()  # as if this code's newest migration of home had not run yet
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "error"
    MigrationRecorder.Migration.objects.create(app=last.app, name=last.name)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_the_broker_is_asked_when_there_is_one(client, settings, redis_broker):
    settings.CELERY_BROKER_URL = redis_broker
    assert client.get("/readyz").json()["checks"]["broker"] == "ok"
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "error"


@pytest.mark.django_db
def test_not_ready_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.observability.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"
