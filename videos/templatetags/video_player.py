"""``{% video_player sources %}`` draws the player for a ``videos.sources.VideoSources``;
``{% media_sources media as sources %}`` makes one for a library video.

    {% load video_player %}
    {% media_sources value.file as sources %}{% video_player sources %}
"""

from __future__ import annotations

import json
import mimetypes
from dataclasses import replace
from urllib.parse import urlsplit

from django import template
from django.middleware.csrf import get_token

from courses.models import CourseMedia

from ..player import caption_list, player_texts, position_url
from ..services import can_see_error, sources_for, transcode_of
from ..sources import VideoSources

register = template.Library()

# Transcoding under way (videos.models.Transcode.Status).
WORKING = {"probing", "transcoding"}


@register.simple_tag(takes_context=True)
def media_sources(context, media: CourseMedia) -> VideoSources:
    """The sources of a library video for the person viewing the page: the pipeline's
    (``services.sources_for``: HLS once transcoded, else the original and the progress) with
    the player's captions and position added; for someone who may not watch it, no file."""
    request = context.get("request")
    user = getattr(request, "user", None)
    sources = sources_for(media, user)
    if sources is None:
        return VideoSources(media_id=media.pk, title=media.title, status="unavailable")
    return replace(
        sources,
        captions=sources.captions or caption_list(media),
        position_url=sources.position_url or position_url(media, user),
    )


@register.inclusion_tag("videos/player.html", takes_context=True)
def video_player(context, sources: VideoSources) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    ready = sources.status == "ready" and bool(sources.hls_url)
    failed = sources.status == "failed"
    # A failure's reason (the transcode's error) is for the people who can fix it.
    media = CourseMedia.objects.filter(pk=sources.media_id).first() if failed else None
    is_editor = bool(media and user and can_see_error(user, media))
    job = transcode_of(media) if is_editor else None
    reason = getattr(sources, "error", "") or (job.error if job else "")
    return {
        "sources": sources,
        "ready": ready,
        "src": sources.hls_url if ready else sources.file_url,
        # Typed, so a browser that cannot play the format says so rather than trying.
        "file_type": mimetypes.guess_type(urlsplit(sources.file_url).path)[0] or "",
        "playable": ready or bool(sources.file_url),
        # The progress while the ladder is made; a video waiting for its turn with its original
        # at hand just plays it.
        "processing": sources.status in WORKING
        or (sources.status == "pending" and not sources.file_url),
        "failed": failed,
        "unavailable": sources.status == "unavailable",
        "failure_reason": reason if is_editor else "",
        "show_failure": is_editor,
        "texts": json.dumps(player_texts(), ensure_ascii=False),
        "csrf_token": get_token(request) if request is not None and sources.position_url else "",
        "request": request,
    }
