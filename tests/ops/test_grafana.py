"""The Grafana dashboard (ops/grafana/ustat.json) charts only metrics the portal exposes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from accounts.tasks import send_email
from tests.ops.test_metrics import TOKEN, deliver_stripe
from tests.payments.conftest import make_event

DASHBOARD = Path(__file__).resolve().parents[2] / "ops" / "grafana" / "ustat.json"
SUFFIXES = ("_bucket", "_count", "_sum", "_total", "_created")
BROKER_ONLY = {"ustat_celery_queue_length"}  # with a broker only (test_metrics checks it)


def family(sample_name: str) -> str:
    for suffix in SUFFIXES:
        if sample_name.endswith(suffix):
            return sample_name.removesuffix(suffix)
    return sample_name


@pytest.mark.django_db
def test_every_panel_queries_an_exposed_family(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_ustat"
    client.get("/healthz")
    send_email.delay(subject="s", body="b", to=["a@example.com"])
    deliver_stripe(client, make_event("customer.created", {"id": "c", "object": "customer"}))
    text = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").content.decode()
    # Families, with or without samples yet (no order, no task sent through a broker).
    exposed = {family(f.name) for f in text_string_to_metric_families(text)} | BROKER_ONLY

    panels = json.loads(DASHBOARD.read_text())["panels"]
    queried = set()
    for panel in panels:
        for target in panel["targets"]:
            queried |= {family(n) for n in re.findall(r"\bustat_[a-z_]+", target["expr"])}
    assert queried - exposed == set()
    # Every family of issue 20 has a panel.
    for name in (
        "ustat_http_requests",
        "ustat_http_request_duration_seconds",
        "ustat_db_queries",
        "ustat_cache_gets",
        "ustat_celery_tasks",
        "ustat_celery_task_duration_seconds",
        "ustat_celery_queue_length",
        "ustat_zoompool_accounts",
        "ustat_webhook_events",
        "ustat_payment_orders",
    ):
        assert name in queried, name
