"""The portal's Prometheus metrics, defined once (prometheus_client).

Under gunicorn with several workers (or Celery's prefork pool) every process writes its
figures to files in ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode,
chosen when the variable is set at start) and a scrape sums them. So nothing here may be a
gauge that a single process owns: gauges (pool accounts, payments, queue length) are read
from the database and the broker at scrape time by ``ops.collectors``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram
from prometheus_client import multiprocess as _multiprocess

NAMESPACE = "ustat"

REQUESTS = Counter(
    "http_requests",
    "HTTP requests by view (URL name), method and status",
    ["view", "method", "status"],
    namespace=NAMESPACE,
)
REQUEST_SECONDS = Histogram(
    "http_request_duration_seconds",
    "Time from the first middleware to the response, by view",
    ["view"],
    namespace=NAMESPACE,
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DB_QUERIES = Counter(
    "db_queries", "SQL statements sent, by database alias", ["alias"], namespace=NAMESPACE
)
CACHE_GETS = Counter(
    "cache_gets", "Cache reads by result (hit, miss), per key read", ["result"], namespace=NAMESPACE
)
TASKS_SENT = Counter(
    "celery_tasks_sent", "Celery tasks enqueued, by task", ["task"], namespace=NAMESPACE
)
TASKS = Counter(
    "celery_tasks",
    "Celery tasks run, by task and outcome (succeeded, failed, retried)",
    ["task", "outcome"],
    namespace=NAMESPACE,
)
TASK_SECONDS = Histogram(
    "celery_task_duration_seconds",
    "Time a Celery task ran, by task",
    ["task"],
    namespace=NAMESPACE,
    buckets=(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 1800),
)
WEBHOOKS = Counter(
    "webhook_events",
    "Webhook deliveries by provider and outcome (processed, duplicate, failed)",
    ["provider", "outcome"],
    namespace=NAMESPACE,
)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def process_registry() -> CollectorRegistry:
    """Everything the processes of this host counted: the files of every process in
    multiprocess mode, else this process's default registry."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


class _Delivery:
    duplicate = False


@contextmanager
def webhook(provider: str) -> Iterator[_Delivery]:
    """Counts one webhook delivery: failed when the block raises, duplicate when it says so.

    with metrics.webhook("stripe") as delivery:
        delivery.duplicate = not services.receive_webhook(...)
    """
    delivery = _Delivery()
    try:
        yield delivery
    except BaseException:
        WEBHOOKS.labels(provider, "failed").inc()
        raise
    WEBHOOKS.labels(provider, "duplicate" if delivery.duplicate else "processed").inc()
