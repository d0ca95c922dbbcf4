"""Gauges read at scrape time from the database and the broker, never from a process's memory.

Zoom pool accounts by state, orders by gateway and status, tasks waiting per queue. Each is
one grouped query (or one broker round trip); a source that cannot be read is left out of the
scrape and counted in ``ustat_scrape_errors``, so the rest still arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from core.observability.metrics import NAMESPACE
from learning.payments.models import Order
from learning.zoompool.models import ZoomAccount

from . import broker

logger = logging.getLogger(__name__)


def pool_accounts() -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        f"{NAMESPACE}_zoompool_accounts",
        "Zoom pool accounts by state: busy (lent to a lesson), free, inactive",
        labels=["state"],
    )
    counts = {"busy": 0, "free": 0, "inactive": 0}
    rows = ZoomAccount.objects.values("is_active", "is_busy").annotate(n=Count("pk"))
    for row in rows:
        state = "inactive" if not row["is_active"] else "busy" if row["is_busy"] else "free"
        counts[state] += row["n"]
    for state, count in counts.items():
        family.add_metric([state], count)
    return family


def payments() -> GaugeMetricFamily:
    family = GaugeMetricFamily(
        f"{NAMESPACE}_payment_orders",
        "Orders by gateway and status (pending, paid, failed, refunded, …)",
        labels=["gateway", "status"],
    )
    rows = Order.objects.values("gateway", "status").annotate(n=Count("pk")).order_by()
    for row in rows:
        family.add_metric([row["gateway"] or "none", row["status"]], row["n"])
    return family


def queue_length() -> GaugeMetricFamily | None:
    if not broker.configured():
        return None  # tasks run eagerly: nothing waits
    family = GaugeMetricFamily(
        f"{NAMESPACE}_celery_queue_length",
        "Tasks waiting in the broker per queue",
        labels=["queue"],
    )
    for queue, length in broker.queue_lengths().items():
        family.add_metric([queue], length)
    return family


SOURCES = {"zoompool": pool_accounts, "payments": payments, "celery_queue": queue_length}


class ScrapeTimeCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        errors = GaugeMetricFamily(
            f"{NAMESPACE}_scrape_errors",
            "1 for each scrape-time source that could not be read in this scrape",
            labels=["source"],
        )
        for name, source in SOURCES.items():
            try:
                family = source()
            except Exception:  # noqa: BLE001 (one unreadable source must not hide the others)
                logger.warning("Metrics source %s could not be read", name, exc_info=True)
                errors.add_metric([name], 1)
                continue
            errors.add_metric([name], 0)
            if family is not None:
                yield family
        yield errors
