"""Celery: eager without a broker; a real worker on the configured broker under CI."""

import os
import time

import pytest
from celery._state import _set_task_join_will_block
from celery.signals import task_received
from django.core import mail
from django.urls import reverse

from accounts.tasks import send_email
from portal.celery import app
from tests.conftest import skip_or_fail


def test_without_a_broker_tasks_run_in_the_callers_process(settings):
    assert app.conf.task_always_eager
    result = send_email.delay(subject="Привет", body="Тест", to=["a@example.com"])
    # Ran already (an EagerResult holds its value); no .get(): in a process where a test
    # worker once ran, Celery refuses a blocking get.
    assert result.successful() and result.result == 1
    assert mail.outbox[0].subject == "Привет"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_delivers_the_sign_up_confirmation(client, password):
    """The sign-up's confirmation e-mail goes through the broker to a real worker."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker for a real worker")
    from celery.contrib.testing.worker import start_worker

    received = []  # task_received fires only in a worker that took the task off the queue

    def on_received(request, **kwargs):
        received.append(request.name)

    task_received.connect(on_received, weak=False)
    app.conf.update(broker_url=broker, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            response = client.post(
                reverse("accounts:enter", args=["student"]),
                {"email": "via.worker@example.com", "password": password},
            )
            assert response.status_code == 302
            # The view returned before the mail went: the worker sends it from the queue.
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        app.conf.task_always_eager = True
        task_received.disconnect(on_received)
        # Starting a worker marks the process as one (result.get() then refuses to block);
        # this process goes on running tests, not tasks.
        _set_task_join_will_block(False)
    assert received == ["accounts.tasks.send_email"]
    assert [m.to for m in mail.outbox] == [["via.worker@example.com"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
