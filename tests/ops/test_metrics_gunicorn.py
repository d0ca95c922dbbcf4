"""Metrics under gunicorn with three workers (PROMETHEUS_MULTIPROC_DIR): whichever worker
answers the scrape, it counts every worker's requests. Without the shared directory each
scrape would see only its own worker's third."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.gunicorn import Gunicorn

pytestmark = pytest.mark.xdist_group("ops_gunicorn")

TOKEN = "g" * 40


def healthz_count(origin: str) -> float:
    answer = requests.get(
        f"{origin}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=10
    )
    answer.raise_for_status()
    text = answer.text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "ustat_http_requests_total" and sample.labels["view"] == "healthz":
                return sample.value
    return 0.0


def test_every_scrape_counts_every_workers_requests(tmp_path: Path):
    multiproc = tmp_path / "prometheus"
    multiproc.mkdir()
    server = Gunicorn(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            # No tables: the scrape-time gauges are left out (counted as scrape errors); the
            # counters need no database.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "PROMETHEUS_MULTIPROC_DIR": str(multiproc),
            "METRICS_TOKEN": TOKEN,
            "CELERY_BROKER_URL": None,
        },
        log=tmp_path / "gunicorn.log",
        workers=3,
    )
    server.start()
    try:
        before = healthz_count(server.origin)
        for _ in range(60):  # a new connection each: gunicorn's workers take turns
            assert requests.get(f"{server.origin}/healthz", timeout=10).status_code == 200
        counts = [healthz_count(server.origin) for _ in range(9)]
    finally:
        server.stop()
    assert counts == [before + 60] * 9, server.tail()
    writers = {path.name.rsplit("_", 1)[-1] for path in multiproc.glob("counter_*.db")}
    assert len(writers) >= 2, writers  # more than one worker process wrote counts
