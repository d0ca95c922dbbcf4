"""Logs: JSON lines with the request's id (its own, its webhook's and its tasks'), redacted."""

from __future__ import annotations

import io
import json
import logging
import os
import time

import pytest
from celery import Celery
from celery._state import _set_task_join_will_block
from celery.signals import task_prerun
from django.core import mail
from django.urls import reverse

from accounts.tasks import send_email
from core.observability import request_id
from core.observability.logs import JsonFormatter
from core.observability.request_id import RequestIdFilter
from portal.celery import app
from tests.conftest import skip_or_fail
from tests.portal.test_settings import PRODUCTION_ENV, run_manage


@pytest.fixture
def json_log():
    """The root logger also writes production's JSON lines into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.django_db
def test_a_webhooks_log_lines_carry_the_proxys_request_id(client, json_log):
    response = client.post(
        "/api/zoom/webhook/", data=b"{}", content_type="application/json",
        HTTP_X_REQUEST_ID="lb-7f3a-42",
    )  # fmt: skip
    assert response.status_code == 401
    assert response["X-Request-ID"] == "lb-7f3a-42"
    lines = json_log()  # every line parsed as JSON, or the test fails here
    rejected = [line for line in lines if line["message"].startswith("Rejected a Zoom webhook")]
    assert rejected and rejected[0]["request_id"] == "lb-7f3a-42"
    assert rejected[0]["level"] == "WARNING"
    assert rejected[0]["logger"] == "learning.zoompool.api"
    assert "timestamp" in rejected[0]


@pytest.mark.django_db
def test_an_id_is_made_when_the_proxy_sends_none_or_a_strange_one(client, json_log):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    strange = client.get("/healthz", HTTP_X_REQUEST_ID="a b\nforged log line")["X-Request-ID"]
    assert strange != "a b\nforged log line" and len(strange) == 32
    assert client.get("/healthz")["X-Request-ID"] != made


def test_personal_data_and_secrets_are_redacted(json_log):
    logging.getLogger("ustat.test").warning(
        "Paid by %s with %s, header Bearer abc.def, db postgres://u:hunter2@db/x",
        "anna@example.com", "sk_live_51Habc",
    )  # fmt: skip
    (line,) = [line for line in json_log() if line["logger"] == "ustat.test"]
    text = json.dumps(line)
    for secret in ("anna@example.com", "sk_live_51Habc", "abc.def", "hunter2"):
        assert secret not in text
    assert "[email]" in line["message"] and "[secret]" in line["message"]
    assert line["request_id"] is None  # outside a request


def test_a_task_enqueued_in_a_request_carries_its_id():
    """The message sent to the broker has the id in its headers (kombu's memory broker, on an
    app of its own: the portal's app and its producer pool stay as they are)."""
    memory = Celery("request-id-test", broker="memory://", set_as_current=False)

    @memory.task(name="tests.ops.echo")
    def echo():
        return None

    token = request_id.current.set("req-for-task")
    try:
        echo.delay()
    finally:
        request_id.current.reset(token)
    with memory.connection_for_read() as connection:
        message = connection.SimpleQueue("celery").get(timeout=5)
        message.ack()
    memory.close()
    assert message.headers["ustat_request_id"] == "req-for-task"
    assert message.headers["task"] == "tests.ops.echo"


def test_a_task_run_eagerly_keeps_the_callers_id():
    seen = []

    def record(**kwargs):
        seen.append(request_id.get())

    task_prerun.connect(record, weak=False)
    token = request_id.current.set("req-eager")
    try:
        send_email.delay(subject="s", body="b", to=["a@example.com"])
    finally:
        request_id.current.reset(token)
        task_prerun.disconnect(record)
    assert seen == ["req-eager"]
    assert request_id.get() is None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_runs_the_requests_task_under_its_id(client, password):
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        skip_or_fail("CELERY_BROKER_URL is not set: no broker for a real worker")
    from celery.contrib.testing.worker import start_worker

    seen = []

    def record(task=None, **kwargs):
        seen.append((task.name, request_id.get()))

    task_prerun.connect(record, weak=False)
    app.conf.update(broker_url=broker, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            response = client.post(
                reverse("accounts:enter", args=["student"]),
                {"email": "rid.worker@example.com", "password": password},
                HTTP_X_REQUEST_ID="req-worker-1",
            )
            assert response.status_code == 302
            deadline = time.monotonic() + 30
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        app.conf.task_always_eager = True
        task_prerun.disconnect(record)
        _set_task_join_will_block(False)
    assert seen == [("accounts.tasks.send_email", "req-worker-1")]


def test_production_logs_json_lines():
    result = run_manage(
        "shell", "-c",
        "import logging; logging.getLogger('ustat.deploy').warning('hello %s', 'a@b.example')",
        env_overrides=PRODUCTION_ENV,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(x) for x in result.stderr.splitlines() if "ustat.deploy" in x]
    assert line["message"] == "hello [email]"
    assert line["level"] == "WARNING" and line["request_id"] is None
