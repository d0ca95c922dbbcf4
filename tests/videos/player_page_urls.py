"""The site's URLs behind two test routes: a page with the player for a ``VideoSources`` the
test sets, and the HLS files the test generated (as the pipeline's view would serve them)."""

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path, re_path
from django.views.static import serve

from portal.urls import urlpatterns as site_urlpatterns

# Set by the test: the folder of the generated HLS, and the sources the page draws.
state: dict = {"hls_root": None, "sources": None}

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load video_player %}{% block content %}'
    '<div class="container"><h1>{{ sources.title }}</h1>{% video_player sources %}</div>'
    "{% endblock %}"
)


def player_page(request):
    return HttpResponse(PAGE.render({"sources": state["sources"]}, request))


def hls_file(request, name):
    if not state["hls_root"]:
        raise Http404
    return serve(request, name, document_root=state["hls_root"])


urlpatterns = [
    path("test-player/", player_page),
    re_path(r"^test-hls/(?P<name>.*)$", hls_file),
    *site_urlpatterns,
]
