"""The site's URLs plus the baseline: a bare view answering "ok" through the same stack."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from portal.urls import urlpatterns as site_urlpatterns


def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok, name="bench-ok"), *site_urlpatterns]
