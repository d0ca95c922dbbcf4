"""``{% video_player sources %}`` draws the player for a ``videos.sources.VideoSources``;
``{% media_sources media as sources %}`` makes one for a library video.

    {% load video_player %}
    {% media_sources value.file as sources %}{% video_player sources %}
"""

from __future__ import annotations

import json
import mimetypes
from urllib.parse import urlsplit

from django import template
from django.middleware.csrf import get_token

from courses.models import CourseMedia

from ..permissions import can_edit_captions
from ..player import pending_sources, player_texts
from ..sources import VideoSources

register = template.Library()

PROCESSING_STATES = {"pending", "queued", "transcoding", "processing"}


@register.simple_tag(takes_context=True)
def media_sources(context, media: CourseMedia) -> VideoSources:
    """The sources of a library video for the person viewing the page."""
    request = context.get("request")
    return pending_sources(media, getattr(request, "user", None))


@register.inclusion_tag("videos/player.html", takes_context=True)
def video_player(context, sources: VideoSources) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    ready = sources.status == "ready" and bool(sources.hls_url)
    failed = sources.status == "failed"
    # A failure's reason is for the people who can fix it; the contract may not carry one yet.
    reason = getattr(sources, "error", "")
    is_editor = failed and bool(
        user
        and user.is_authenticated
        and (media := CourseMedia.objects.filter(pk=sources.media_id).first())
        and can_edit_captions(user, media)
    )
    return {
        "sources": sources,
        "ready": ready,
        "src": sources.hls_url if ready else sources.file_url,
        # Typed, so a browser that cannot play the format says so rather than trying.
        "file_type": mimetypes.guess_type(urlsplit(sources.file_url).path)[0] or "",
        "playable": ready or bool(sources.file_url),
        # The progress note while the ladder is made; a video nobody is transcoding (no
        # progress yet) just plays its original.
        "processing": sources.status in PROCESSING_STATES
        and (sources.progress > 0 or not sources.file_url or sources.status == "transcoding"),
        "failed": failed,
        "failure_reason": reason if is_editor else "",
        "show_failure": is_editor,
        "texts": json.dumps(player_texts(), ensure_ascii=False),
        "csrf_token": get_token(request) if request is not None and sources.position_url else "",
        "request": request,
    }
