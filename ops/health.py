"""``/healthz`` (liveness) and ``/readyz`` (readiness) for load balancers and orchestrators.

``/healthz`` touches nothing: it answers while the process can serve, so an orchestrator
restarts only a process that is stuck, never every process because the database is down.
``/readyz`` asks each dependency (database, cache, broker, storage, migrations) and answers
503 naming the ones that fail, so a load balancer sends no traffic to a process that cannot
serve it. Neither says why a check failed (that goes to the log).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import broker

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. No dependency is asked."""
    return JsonResponse({"status": "ok"})


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, value = "readyz:probe", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")


def check_broker() -> str:
    if not broker.configured():
        return "skipped"  # tasks run eagerly: there is no broker to need
    broker.queue_lengths()
    return "ok"


def check_storage() -> None:
    # A read that needs the storage (a HEAD on S3, a stat on disk) and changes nothing.
    for alias in ("default", "private"):
        storages[alias].exists("readyz-probe")


_migrations_applied = False  # once true, true for this process's code (see check_migrations)


def check_migrations() -> None:
    """Every migration this code has is applied. Remembered once true: the code's migrations
    do not change while it runs, so the migration graph is loaded once per process."""
    global _migrations_applied
    if _migrations_applied:
        return
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations are not applied")
    _migrations_applied = True


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
    "migrations": check_migrations,
}


def run_checks() -> dict[str, str]:
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check() or "ok"
        except Exception:  # noqa: BLE001 (any failure of a dependency means "not ready")
            logger.warning("Readiness check %s failed", name, exc_info=True)
            results[name] = "error"
    return results


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every dependency answers, else 503 with the failing ones."""
    results = run_checks()
    ready = all(value in ("ok", "skipped") for value in results.values())
    return JsonResponse(
        {"status": "ok" if ready else "error", "checks": results}, status=200 if ready else 503
    )
