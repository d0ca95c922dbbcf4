"""The pool as the timetable's video room (``learning.schedule.extensions.VideoRoom``),
registered in ``apps.ZoomPoolConfig.ready``."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse

from learning.schedule.models import LiveLesson
from learning.schedule.recurrence import Occurrence

from . import services, views
from .permissions import can_start, can_view_recordings


class ZoomVideoRoom:
    def start_opens_at(self, lesson: LiveLesson) -> datetime:
        return services.start_opens_at(lesson)

    def can_start(self, user, lesson: LiveLesson) -> bool:
        return can_start(user, lesson)

    def can_view_recordings(self, user, lesson: LiveLesson) -> bool:
        return can_view_recordings(user, lesson)

    def recordings(self, lesson: LiveLesson) -> list:
        return list(services.ready_recordings(lesson).order_by("recorded_at", "pk"))

    def start(self, request: HttpRequest, occurrence: Occurrence) -> HttpResponse:
        return views.start(request, occurrence)

    def recording(self, request: HttpRequest, recording_id: int) -> HttpResponse:
        return views.recording(request, recording_id)
