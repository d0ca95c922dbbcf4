"""The site's URLs behind three test routes: a page with the player for a ``VideoSources`` the
test sets, the HLS files the test generated (as the pipeline's view would serve them), and a
page with a library video's player drawn as a lesson's video block draws it."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import path, re_path
from django.views.static import serve

from courses.models import CourseMedia
from portal.urls import urlpatterns as site_urlpatterns

# Set by the test: the folder of the generated HLS, and the sources the page draws.
state: dict = {"hls_root": None, "sources": None}

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load video_player %}{% block content %}'
    '<div class="container"><h1>{{ sources.title }}</h1>{% video_player sources %}</div>'
    "{% endblock %}"
)

MEDIA_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load video_player %}{% block content %}'
    '<div class="container"><h1>{{ media.title }}</h1>'
    "{% media_sources media as sources %}{% video_player sources %}</div>"
    "{% endblock %}"
)


def player_page(request):
    return HttpResponse(PAGE.render({"sources": state["sources"]}, request))


def hls_file(request, name):
    if not state["hls_root"]:
        raise Http404
    return serve(request, name, document_root=state["hls_root"])


def media_page(request, media_id):
    media = get_object_or_404(CourseMedia, pk=media_id)
    return HttpResponse(MEDIA_PAGE.render({"media": media}, request))


urlpatterns = [
    path("test-media/<int:media_id>/", media_page),
    path("test-player/", player_page),
    re_path(r"^test-hls/(?P<name>.*)$", hls_file),
    *site_urlpatterns,
]
