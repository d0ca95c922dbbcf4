"""The player of one library video as an HTML fragment, drawn as a page would draw it.

``js/video_progress.js`` asks for it when a transcode it watches ends, and puts it in place of
the "Processing video…" box: the player with HLS once ready, the reason once failed. The same
access check as the video's files (a visitor may sign in; a stranger gets 403).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template import engines
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from courses.models import CourseMedia
from courses.views import refuse_unless_allowed

# The tags the lesson's video block uses (templates/courses/blocks/video_block.html).
FRAGMENT = "{% load video_player %}{% media_sources media as sources %}{% video_player sources %}"


@require_safe
@never_cache
def player_fragment(request: HttpRequest, media_id: int) -> HttpResponse:
    media = get_object_or_404(CourseMedia, pk=media_id)
    refusal = refuse_unless_allowed(request, media)
    if refusal is not None:
        return refusal
    template = engines["django"].from_string(FRAGMENT)
    return HttpResponse(template.render({"media": media}, request))
