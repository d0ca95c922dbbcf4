"""/metrics: protected, and every family of issue 20 after real traffic (requests, a task,
webhooks, queries, cache), with the gauges read from the database at scrape time."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from prometheus_client.parser import text_string_to_metric_families

from accounts.tasks import send_email
from learning.zoompool.models import ZoomAccount
from tests.payments.conftest import make_event, sign

TOKEN = "t" * 40
STRIPE_PATH = "/api/payments/stripe/webhook/"


@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_ustat"


def scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def total(samples, name: str, **labels) -> float:
    """Sum over the samples of ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= set(ls))


def deliver_stripe(client, event: dict, signature: str | None = None):
    payload = json.dumps(event)
    return client.post(
        STRIPE_PATH,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature or sign(payload),
    )


@pytest.mark.django_db
def test_off_without_a_token_and_refused_with_a_wrong_one(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    settings.METRICS_TOKEN = TOKEN
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Basic {TOKEN}").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ключ").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


@pytest.mark.django_db
def test_every_family_after_requests_a_task_and_webhooks(client, metrics_on):
    before = scrape(client)

    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/api/no-such-thing/").status_code == 404
    client.generic("BREW", "/healthz")  # any method a client makes up counts as "other"
    send_email.delay(subject="Привет", body="Тест", to=["a@example.com"])  # eager here
    event = make_event("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver_stripe(client, event).status_code == 200
    assert deliver_stripe(client, event).json()["duplicate"] is True
    assert deliver_stripe(client, event, signature="t=1,v1=bad").status_code == 400
    cache.set("metrics-test", 1)
    cache.get("metrics-test")
    cache.get("metrics-test-missing")
    ZoomAccount.objects.create(
        label="Pool", account_id="a", client_id="c", client_secret="s", zoom_user_id="h@x.test"
    )
    ZoomAccount.objects.create(
        label="Busy", account_id="b", client_id="d", client_secret="s", zoom_user_id="i@x.test",
        is_busy=True,
    )  # fmt: skip

    after = scrape(client)

    def delta(name, **labels):
        return total(after, name, **labels) - total(before, name, **labels)

    # Requests by view, method and status; latency by view.
    assert delta("ustat_http_requests_total", view="healthz", method="GET", status="200") == 3
    assert delta("ustat_http_requests_total", status="404") >= 1
    assert delta("ustat_http_requests_total", view="healthz", method="other") == 1
    assert not [labels for (_n, labels) in after if ("method", "BREW") in labels]
    assert delta("ustat_http_request_duration_seconds_count", view="healthz") == 4  # BREW too
    assert delta("ustat_http_request_duration_seconds_bucket", view="healthz", le="+Inf") == 4
    # Queries and the cache.
    assert delta("ustat_db_queries_total", alias="default") > 0
    assert delta("ustat_cache_gets_total", result="hit") >= 1
    assert delta("ustat_cache_gets_total", result="miss") >= 1
    # The task: run, timed, succeeded.
    task = "accounts.tasks.send_email"
    assert delta("ustat_celery_tasks_total", task=task, outcome="succeeded") == 1
    assert delta("ustat_celery_task_duration_seconds_count", task=task) == 1
    # Webhooks: processed, duplicated, failed.
    assert delta("ustat_webhook_events_total", provider="stripe", outcome="processed") == 1
    assert delta("ustat_webhook_events_total", provider="stripe", outcome="duplicate") == 1
    assert delta("ustat_webhook_events_total", provider="stripe", outcome="failed") == 1
    # Gauges read from the database at this scrape.
    assert value(after, "ustat_zoompool_accounts", state="free") == 1
    assert value(after, "ustat_zoompool_accounts", state="busy") == 1
    assert value(after, "ustat_scrape_errors", source="payments") == 0


@pytest.mark.django_db
def test_payments_by_status_are_counted_from_the_database(client, metrics_on):
    from learning.payments.models import Order
    from tests.factories import StudentFactory

    student = StudentFactory()
    for status in ("paid", "paid", "refunded"):
        Order.objects.create(user=student, amount="10.00", currency="RUB", status=status)
    samples = scrape(client)
    assert value(samples, "ustat_payment_orders", gateway="stripe", status="paid") == 2
    assert value(samples, "ustat_payment_orders", gateway="stripe", status="refunded") == 1


@pytest.mark.django_db
def test_queue_length_from_the_broker(client, metrics_on, settings, redis_broker):
    from celery import current_app

    settings.CELERY_BROKER_URL = redis_broker
    with current_app.connection_for_write(redis_broker) as connection:
        connection.default_channel.client.delete("celery")
        connection.default_channel.client.lpush("celery", "{}", "{}")
    samples = scrape(client)
    assert value(samples, "ustat_celery_queue_length", queue="celery") == 2
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nobody listens: left out, counted
    samples = scrape(client)
    assert ("ustat_celery_queue_length", (("queue", "celery"),)) not in samples
    assert value(samples, "ustat_scrape_errors", source="celery_queue") == 1
    assert value(samples, "ustat_scrape_errors", source="zoompool") == 0
