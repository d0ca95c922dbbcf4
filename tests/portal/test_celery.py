"""Celery: eager without a broker; a real worker on the configured broker under CI."""

import os

import pytest
from django.core import mail

from accounts.tasks import send_email
from portal.celery import app
from tests.conftest import skip_or_fail


def test_without_a_broker_tasks_run_in_the_callers_process(settings):
    assert app.conf.task_always_eager
    result = send_email.delay(subject="Привет", body="Тест", to=["a@example.com"])
    assert result.get() == 1
    assert mail.outbox[0].subject == "Привет"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_sign_up_confirmation(client):
    """The sign-up's confirmation e-mail goes through the broker to a real worker."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker for a real worker")
    from celery.contrib.testing.worker import start_worker

    backend = os.environ.get("CELERY_RESULT_BACKEND") or broker
    app.conf.update(
        broker_url=broker,
        result_backend=backend,
        task_always_eager=False,
    )
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = send_email.delay(
                subject="Через брокер", body="Настоящий воркер", to=["w@example.com"]
            )
            assert result.get(timeout=30) == 1
    finally:
        app.conf.task_always_eager = True
    assert [m.subject for m in mail.outbox] == ["Через брокер"]
