"""Starting a live lesson over JSON, and Zoom's webhook; api/urls.py includes this module
(``urlpatterns``: paths under /api/).

POST /api/lessons/live/{id}/start/ answers:
200 the meeting's URLs (start_url is the host's: only its teacher or staff get it);
403 not the lesson's teacher; 404 no such lesson; 409 too early, over, cancelled or being
started right now; 429 every pool account is busy (nothing changed; Retry-After says when
to try); 502 Zoom refused (the account went back to the pool); 503 no accounts configured,
or Zoom not answering, busy with other starts or rate limiting us (code zoom_unavailable,
zoom_busy, zoom_rate_limited; nothing held; Retry-After says when to try).
Those refusals are the pool's domain errors, answered by the API's one exception handler.

POST /api/zoom/webhook/ is Zoom's webhook (the one address to register with Zoom): signed by
Zoom (x-zm-signature) instead of a session, verified first, on the raw body; 401 when the
signature, timestamp or body does not check out.
"""

import logging

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from core.observability import metrics
from learning.schedule.models import LiveLesson

from . import services, webhooks
from .errors import ZoomWebhookRejected

logger = logging.getLogger(__name__)


class StartedLessonSerializer(serializers.ModelSerializer):
    meeting_id = serializers.CharField(source="zoom_meeting_id")

    class Meta:
        model = LiveLesson
        fields = ["id", "title", "status", "start", "end", "meeting_id", "start_url", "join_url"]
        read_only_fields = fields


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
            502: OpenApiResponse(description="Zoom refused; the account went back to the pool."),
            503: OpenApiResponse(
                description=(
                    "No video accounts are configured; or Zoom is not answering, busy with "
                    "other starts, or rate limiting (nothing held; see Retry-After)."
                )
            ),
        },
    )
    def post(self, request, pk: int):
        lesson = get_object_or_404(LiveLesson, pk=pk)
        lesson = services.start_lesson(request.user, lesson)
        return Response(StartedLessonSerializer(lesson).data)


@extend_schema(
    summary="Zoom's webhook (called by Zoom, not by clients)",
    description="Zoom's event notifications, signed with the pool account's secret token "
    "(``x-zm-signature``, ``x-zm-request-timestamp``) instead of a session or token. Handles "
    "``endpoint.url_validation``, ``meeting.ended`` and ``recording.completed``; other events "
    "are acknowledged and ignored, a second delivery changes nothing.",
    parameters=[
        OpenApiParameter("x-zm-signature", str, OpenApiParameter.HEADER, required=True),
        OpenApiParameter("x-zm-request-timestamp", str, OpenApiParameter.HEADER, required=True),
    ],
    request={"application/json": {"type": "object", "description": "A Zoom event."}},
    responses={
        200: OpenApiResponse(
            {"type": "object", "additionalProperties": True},
            description="Received (url_validation: plainToken and encryptedToken).",
        ),
        400: OpenApiResponse(description="A signed event Zoom could not have sent."),
        401: OpenApiResponse(description="The signature, timestamp or body does not check out."),
    },
)
class ZoomWebhookView(APIView):
    """Verify, record, answer: quick database work only; downloads go to Celery."""

    authentication_classes: list = []  # signed by Zoom instead (no session, no CSRF)
    permission_classes = [permissions.AllowAny]

    def post(self, request):
        with metrics.webhook("zoom") as delivery:
            try:
                event, account = webhooks.verify_webhook(
                    request.body,
                    request.headers.get("x-zm-request-timestamp", ""),
                    request.headers.get("x-zm-signature", ""),
                )
                answer = webhooks.handle_event(event, account)
            except ZoomWebhookRejected as error:
                logger.warning("Rejected a Zoom webhook: %s", error)
                raise
            delivery.duplicate = bool(answer.get("duplicate"))
        return Response(answer)


urlpatterns = [
    path("lessons/live/<id:pk>/start/", StartLessonAPIView.as_view(), name="live-lesson-start"),
    path("zoom/webhook/", ZoomWebhookView.as_view(), name="zoom-webhook"),
]
