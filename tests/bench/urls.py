"""The site's URLs plus the baseline: a bare view answering "ok" through the same stack."""

from django.conf.urls.i18n import i18n_patterns
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from wagtail import hooks

from core import routing
from portal.urls import urlpatterns as site_urlpatterns


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def routed(request: HttpRequest, path: str) -> HttpResponse:
    """The site's page serving (core.routing.serve, then wagtail.views.serve) up to the page's
    own serve(): the routing floor of a page."""
    found = routing.route(request, path)
    if found is None:
        raise Http404
    page, args, kwargs = found
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ok/", ok, name="bench-ok"),
    *i18n_patterns(path("bench-routed/<path:path>", routed)),
    *site_urlpatterns,
]
