"""``/metrics``: Prometheus' text format, for a bearer of ``METRICS_TOKEN`` only.

Without the setting the endpoint does not exist (404); a wrong or missing token gets 403.
It answers this host's counters (every gunicorn worker's, through ``PROMETHEUS_MULTIPROC_DIR``)
and the gauges read now from the database and broker (``collectors``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.registry import Collector

from core.app_settings import app_settings
from core.observability.exporter import token_matches
from core.observability.metrics import process_registry

from .collectors import ScrapeTimeCollector


class _Forward(Collector):
    def __init__(self, registry: CollectorRegistry) -> None:
        self.registry = registry

    def collect(self):
        yield from self.registry.collect()


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = app_settings.METRICS_TOKEN
    if not token:
        raise Http404
    if not token_matches(request.headers.get("Authorization", ""), token):
        return HttpResponseForbidden("forbidden\n", content_type="text/plain")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Forward(process_registry()))
    registry.register(ScrapeTimeCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
