"""A video's caption files, after the video's own access check (``videos.permissions``)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.permissions import is_signed_in

from . import services
from .errors import VideoNotAllowed
from .models import CaptionTrack


@require_safe
def caption_file(request: HttpRequest, track_id: int) -> HttpResponse:
    """The WebVTT file: a visitor is sent to sign in, a stranger gets 403, as for the video."""
    track = get_object_or_404(CaptionTrack.objects.select_related("media"), pk=track_id)
    try:
        handle = services.open_caption(request.user, track)
    except VideoNotAllowed:
        if not is_signed_in(request.user):
            return redirect_to_login(request.get_full_path())
        raise
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="text/vtt; charset=utf-8")
    patch_cache_control(response, private=True, max_age=300)
    response["X-Content-Type-Options"] = "nosniff"
    return response
