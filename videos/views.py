"""The files of a finished transcode (playlists, segments, poster, seek previews), each after
the same access check as the library video itself (``courses.views.refuse_unless_allowed``).

On disk they are streamed from private storage. On S3 (signed addresses) segments and
pictures redirect to an address that expires, and playlists are rewritten so each segment
line is such an address: the player then fetches segments straight from S3 while the
playlist (and so who gets addresses) stays behind the check. Variant playlists in the master
stay relative, so they come back through this view.
"""

from __future__ import annotations

import mimetypes
import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.files import stream_file
from courses.models import CourseMedia
from courses.views import refuse_unless_allowed

from . import outputs
from .app_settings import app_settings
from .models import Transcode
from .transcode.stills import SPRITE

# The names a run writes (transcode.ffmpeg, transcode.stills); nothing else is served.
FILE_NAME = re.compile(
    r"^(?:master\.m3u8|stream_\d{1,2}\.m3u8|stream_\d{1,2}_\d{5,6}\.ts"
    r"|poster\.jpg|thumbnails\.jpg|thumbnails\.vtt)$"
)
CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".vtt": "text/vtt; charset=utf-8",
    ".jpg": "image/jpeg",
}


def content_type(name: str) -> str:
    suffix = name[name.rfind(".") :]
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


@require_safe
def output_file(request: HttpRequest, media_id: int, name: str) -> HttpResponse:
    if not FILE_NAME.match(name):
        raise Http404
    media = get_object_or_404(CourseMedia, pk=media_id)
    refusal = refuse_unless_allowed(request, media)
    if refusal is not None:
        return refusal
    job = Transcode.objects.filter(media=media).first()
    if job is None or not job.is_ready:
        raise Http404
    store = outputs.storage()
    stored = job.prefix + name
    if name.endswith((".m3u8", ".vtt")):
        try:
            with store.open(stored, "rb") as handle:
                text = handle.read().decode()
        except FileNotFoundError:
            raise Http404 from None
        if outputs.signs_urls(store):
            text = sign_lines(text, job.prefix, store)
        response = HttpResponse(text, content_type=content_type(name))
    elif outputs.signs_urls(store):
        return redirect(store.url(stored, expire=app_settings.VIDEOS_URL_EXPIRY))
    else:
        try:
            response = stream_file(
                request, store, stored, content_type=content_type(name), filename=name
            )
        except FileNotFoundError:
            raise Http404 from None
    # Who may have it depends on the person: no shared cache keeps a copy.
    patch_cache_control(response, private=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def sign_lines(text: str, prefix: str, store) -> str:
    """A playlist or the previews' WebVTT with each segment or sprite reference replaced by
    a signed address of the stored file (variant playlists stay ours, relative)."""
    lines = []
    for line in text.splitlines():
        name, hash_, fragment = line.partition("#")
        if FILE_NAME.match(name) and not name.endswith(".m3u8"):
            signed = store.url(prefix + name, expire=app_settings.VIDEOS_URL_EXPIRY)
            line = signed + (hash_ + fragment if name == SPRITE else "")
        lines.append(line)
    return "\n".join(lines) + "\n"
