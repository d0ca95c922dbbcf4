"""Celery's side: the request id travels with a task, and tasks are counted and timed.

Connected in ``CoreConfig.ready``, so web processes (which enqueue) and workers (which run)
both have them. A worker's figures are in its own processes: they reach Prometheus through
the worker's exporter (``worker_exporter``), not through the web's ``/metrics``.
"""

from __future__ import annotations

import time

from celery import signals

from core.app_settings import app_settings

from . import metrics, request_id
from .exporter import serve

HEADER = "ustat_request_id"
_started: dict[str, tuple[float, object]] = {}  # task id → start, request-id token (this process)
exporter = None  # the worker's metrics server, once started (one per worker main process)


@signals.before_task_publish.connect(weak=False)
def _carry_request_id(sender=None, headers=None, **kwargs) -> None:
    rid = request_id.get()
    if rid and headers is not None:
        headers[HEADER] = rid


@signals.after_task_publish.connect(weak=False)
def _count_sent(sender=None, **kwargs) -> None:
    metrics.TASKS_SENT.labels(sender or "unknown").inc()


@signals.task_prerun.connect(weak=False)
def _start(task_id=None, task=None, **kwargs) -> None:
    # A task run eagerly keeps its caller's id; a worker's takes the one it was sent with.
    rid = getattr(task.request, HEADER, None) if task is not None else None
    token = request_id.current.set(rid) if rid else None
    _started[task_id] = (time.perf_counter(), token)


@signals.task_postrun.connect(weak=False)
def _finish(task_id=None, task=None, state=None, **kwargs) -> None:
    started, token = _started.pop(task_id, (None, None))
    name = getattr(task, "name", "unknown")
    if started is not None:
        metrics.TASK_SECONDS.labels(name).observe(time.perf_counter() - started)
    if state == "SUCCESS":
        metrics.TASKS.labels(name, "succeeded").inc()
    if token is not None:
        request_id.current.reset(token)


@signals.task_failure.connect(weak=False)
def _failed(sender=None, **kwargs) -> None:
    metrics.TASKS.labels(getattr(sender, "name", "unknown"), "failed").inc()


@signals.task_retry.connect(weak=False)
def _retried(sender=None, **kwargs) -> None:
    metrics.TASKS.labels(getattr(sender, "name", "unknown"), "retried").inc()


@signals.worker_ready.connect(weak=False)
def _serve_metrics(sender=None, **kwargs) -> None:
    """In the worker's main process (not its children): the exporter, when a port is set."""
    global exporter
    if app_settings.CELERY_METRICS_PORT and app_settings.METRICS_TOKEN and exporter is None:
        exporter = serve(app_settings.CELERY_METRICS_PORT, app_settings.METRICS_TOKEN)
