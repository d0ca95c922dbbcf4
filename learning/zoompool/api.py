"""Starting a live lesson over JSON, and Zoom's webhook; api/urls.py includes ``urlpatterns``.

POST /api/lessons/live/{id}/start/ answers:
200 the meeting's URLs (start_url is the host's: only its teacher or staff get it);
403 not the lesson's teacher; 404 no such lesson; 409 too early, over, cancelled or being
started right now; 429 every pool account is busy (nothing changed; Retry-After says when
to try); 502 Zoom failed (the account went back to the pool); 503 no accounts configured.
"""

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from learning.schedule.models import LiveLesson

from . import services, views

RETRY_AFTER_SECONDS = 60


class StartedLessonSerializer(serializers.ModelSerializer):
    meeting_id = serializers.CharField(source="zoom_meeting_id")

    class Meta:
        model = LiveLesson
        fields = ["id", "title", "status", "start", "end", "meeting_id", "start_url", "join_url"]
        read_only_fields = fields


def _error(message: str, code: str, http_status: int, **headers) -> Response:
    return Response({"detail": message, "code": code}, status=http_status, headers=headers)


class StartLessonAPIView(APIView):
    """Start a live lesson: a Zoom meeting on a free pool account; send the teacher to start_url.

    Starting an already started lesson returns its meeting again (with a fresh start_url).
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        request=None,
        responses={
            200: StartedLessonSerializer,
            403: OpenApiResponse(description="Not the lesson's teacher."),
            404: OpenApiResponse(description="No such lesson."),
            409: OpenApiResponse(description="Too early, over, cancelled, or being started."),
            429: inline_serializer(
                "PoolExhausted",
                {"detail": serializers.CharField(), "code": serializers.CharField()},
            ),
            502: OpenApiResponse(description="Zoom failed; the account went back to the pool."),
            503: OpenApiResponse(description="No video accounts are configured."),
        },
    )
    def post(self, request, pk: int):
        lesson = get_object_or_404(LiveLesson, pk=pk)
        try:
            lesson = services.start_lesson(request.user, lesson)
        except services.PoolExhausted as error:
            return _error(
                str(error),
                "pool_exhausted",
                status.HTTP_429_TOO_MANY_REQUESTS,
                **{"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        except services.PoolNotConfigured as error:
            return _error(str(error), "pool_not_configured", status.HTTP_503_SERVICE_UNAVAILABLE)
        except (services.LessonNotStartable, services.LessonStarting) as error:
            return _error(str(error), "not_startable", status.HTTP_409_CONFLICT)
        except services.ZoomError as error:
            return _error(str(error), "zoom_error", status.HTTP_502_BAD_GATEWAY)
        # PermissionDenied passes through: the API's exception handler answers 403.
        return Response(StartedLessonSerializer(lesson).data)


urlpatterns = [
    path(
        "lessons/live/<int:pk>/start/",
        StartLessonAPIView.as_view(),
        name="live-lesson-start",
    ),
    path("zoom/webhook/", views.zoom_webhook, name="zoom-webhook"),
]
