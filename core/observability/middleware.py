"""One middleware, first in the chain: the request's id and its metrics.

Kept small because every request pays for it: a context variable, a clock read, a counter and
a histogram observation (``make bench``-style figure in README.md, "Operations").
"""

from __future__ import annotations

import time

from . import metrics, request_id

METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def view_label(request, response) -> str:
    """The URL name of the view that answered (bounded: never the path itself)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        # Answered before URL resolution: the anonymous page cache, a redirect, a 404.
        return "<page-cache>" if response.get("X-Page-Cache") == "hit" else "<unresolved>"
    return match.view_name or match._func_path


class RequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = request_id.from_header(request.META.get(request_id.META_KEY))
        token = request_id.current.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id.current.reset(token)
        view = view_label(request, response)
        metrics.REQUEST_SECONDS.labels(view).observe(time.perf_counter() - started)
        method = request.method if request.method in METHODS else "other"  # bounded labels
        metrics.REQUESTS.labels(view, method, response.status_code).inc()
        response[request_id.HEADER] = rid
        return response
