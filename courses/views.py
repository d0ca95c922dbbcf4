"""Downloads of the documents and media library, after the lesson-access check.

Documents go through Wagtail's own view (``/documents/<id>/<name>``), which asks
``check_document_access`` through the ``before_serve_document`` hook. Videos have no view of
their own in wagtailmedia, so ``media_file`` serves them the same way.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from wagtailmedia import get_media_model

from core.files import stream_file
from core.permissions import is_signed_in

from .app_settings import app_settings
from .errors import LessonFileNotAllowed
from .permissions import can_download_library_file


def refuse_unless_allowed(request: HttpRequest, item) -> HttpResponse | None:
    """None when the person may download ``item``; else sign-in for visitors, 403 for others."""
    if can_download_library_file(request.user, item):
        return None
    if not is_signed_in(request.user):
        return redirect_to_login(request.get_full_path())
    raise LessonFileNotAllowed


def check_document_access(document, request: HttpRequest) -> HttpResponse | None:
    """Wagtail's ``before_serve_document`` hook: a response stops the download."""
    return refuse_unless_allowed(request, document)


@require_safe
def media_file(request: HttpRequest, media_id: int, filename: str) -> HttpResponse:
    """A video or audio file of the library, streamed with byte ranges.

    On S3 (a storage that signs its URLs) a redirect to an address that expires, so large
    videos never pass through the web process; on disk, streamed from private storage.
    """
    item = get_object_or_404(get_media_model(), pk=media_id)
    if item.filename != filename:
        raise Http404
    refusal = refuse_unless_allowed(request, item)
    if refusal is not None:
        return refusal
    storage = item.file.storage
    if getattr(storage, "querystring_auth", False):
        return redirect(storage.url(item.file.name, expire=app_settings.COURSES_MEDIA_URL_EXPIRY))
    try:
        response = stream_file(
            request,
            storage,
            item.file.name,
            content_type=mimetypes.guess_type(item.filename)[0] or "application/octet-stream",
            filename=item.filename,
        )
    except FileNotFoundError:
        raise Http404 from None
    # Who may have it depends on the person: no shared cache keeps a copy.
    patch_cache_control(response, private=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response
