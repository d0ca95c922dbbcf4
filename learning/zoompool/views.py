"""The video room's pages on the site: "Start lesson" and a recording's file.

The timetable's URLs (``schedule:lesson-start``, ``schedule:recording``) hand these requests
over through its ``extensions`` registry (see ``video_room``); the pages they render are
the pool's.
"""

from __future__ import annotations

import logging
import os

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from learning.schedule import services as timetable
from learning.schedule.models import LiveLesson
from learning.schedule.recurrence import Occurrence

from . import services
from .errors import (
    LessonNotStartable,
    LessonStarting,
    PoolExhausted,
    PoolNotConfigured,
    ZoomFailed,
    ZoomUnavailable,
)
from .models import LessonRecording
from .permissions import can_view_recordings

logger = logging.getLogger(__name__)


def start(request: HttpRequest, occurrence: Occurrence) -> HttpResponse:
    """Lend a pool account to the lesson and send its teacher to Zoom's start URL."""
    user = request.user
    probe = LiveLesson(
        group_id=occurrence.group_id,
        teacher_id=occurrence.teacher_id,
        title=occurrence.title,
        start=occurrence.start,
        end=occurrence.end,
        status=occurrence.status,
    )
    # The time window first, on the occurrence itself: a click too early stores nothing.
    try:
        services.check_can_start(user, probe)
    except LessonNotStartable as error:
        messages.error(request, str(error))
        return redirect("schedule:lesson", key=occurrence.key)
    lesson = timetable.lesson_by_key(user, occurrence.key)
    # The failures get the pool's own page (or a message), not the generic error page.
    try:
        lesson = services.start_lesson(user, lesson)
    except (PoolExhausted, PoolNotConfigured) as error:
        return _pool_busy(request, lesson, error)
    except ZoomFailed as error:
        logger.warning("Starting lesson %s failed: %s", lesson.pk, error)
        return _start_failed(request, lesson, error)
    except (LessonNotStartable, LessonStarting) as error:
        messages.error(request, str(error))
        return redirect("schedule:lesson", key=f"lesson:{lesson.pk}")
    # Zoom's own page: the start URL carries the host's token, so it is never shown or stored
    # in the browser's history as our page.
    return redirect(lesson.start_url)


def _pool_busy(
    request: HttpRequest, lesson: LiveLesson, error: PoolExhausted | PoolNotConfigured
) -> HttpResponse:
    busy = isinstance(error, PoolExhausted)
    response = render(
        request,
        "zoompool/start_failed.html",
        {
            "lesson": lesson,
            "key": f"lesson:{lesson.pk}",
            "title": _("All video accounts are busy")
            if busy
            else _("Video lessons are not set up"),
            "message": str(error),
            "retry": busy,
        },
        status=error.status,
    )
    if busy:
        response["Retry-After"] = str(PoolExhausted.retry_after)
    return response


def _start_failed(request: HttpRequest, lesson: LiveLesson, error: ZoomFailed) -> HttpResponse:
    titles = {
        "zoom_unavailable": _("Zoom is not answering"),
        "zoom_busy": _("Zoom is slow to answer"),
        "zoom_rate_limited": _("Zoom asks us to wait"),
    }
    response = render(
        request,
        "zoompool/start_failed.html",
        {
            "lesson": lesson,
            "key": f"lesson:{lesson.pk}",
            "title": titles.get(error.code, _("Zoom could not start the lesson")),
            "message": str(error),
            "retry": True,
        },
        status=error.status,
    )
    if isinstance(error, ZoomUnavailable):
        response["Retry-After"] = str(error.retry_after)
    return response


def recording(request: HttpRequest, recording_id: int) -> HttpResponse:
    """A lesson's recording, for its teacher, staff and the group's students only.

    The file lives in private storage: streamed from disk, or on S3 a redirect to a signed
    URL that expires in minutes (large videos don't pass through the web process).
    """
    item = get_object_or_404(
        LessonRecording.objects.select_related("lesson__group"),
        pk=recording_id,
        status=LessonRecording.Status.READY,
    )
    if not item.file or not can_view_recordings(request.user, item.lesson):
        raise Http404
    if getattr(item.file.storage, "querystring_auth", False):
        return redirect(item.file.url)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, filename=os.path.basename(item.file.name))
