"""A Celery worker's own /metrics: started when the worker is ready, behind the same token."""

from __future__ import annotations

import requests
from celery import signals

from accounts.tasks import send_email
from core.observability import celery_signals
from tests.gunicorn import free_port

TOKEN = "w" * 40


def test_a_ready_worker_serves_its_task_metrics_to_the_token_only(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_METRICS_PORT = free_port()
    signals.worker_ready.send(sender=None)  # as the worker's main process does
    server = celery_signals.exporter
    try:
        assert server is not None
        send_email.delay(subject="s", body="b", to=["a@example.com"])  # counted here
        url = f"http://127.0.0.1:{settings.CELERY_METRICS_PORT}/metrics"
        assert requests.get(url, timeout=5).status_code == 403
        wrong = requests.get(url, headers={"Authorization": "Bearer nope"}, timeout=5)
        assert wrong.status_code == 403
        answer = requests.get(url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5)
        assert answer.status_code == 200
        assert (
            'ustat_celery_tasks_total{outcome="succeeded",task="accounts.tasks.send_email"}'
            in answer.text
        )
        assert requests.get(url.replace("/metrics", "/"), timeout=5).status_code == 404
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        celery_signals.exporter = None


def test_no_exporter_without_a_port(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.CELERY_METRICS_PORT = 0
    signals.worker_ready.send(sender=None)
    assert celery_signals.exporter is None
