"""A library video's processing status over JSON.

    GET  /api/videos/media/{id}/         status, progress, error, duration, renditions and the
                                         player's addresses (for people who may watch it)
    POST /api/videos/media/{id}/retry/   run a failed transcode again (staff, the uploader)

Refusals (``errors.VideoNotAllowed`` 403, ``RetryNotAllowed`` 403, ``NotRetryable`` 409)
propagate to the API's one exception handler. Mounted by api/urls.py at /api/.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CourseMedia

from .. import services
from ..models import Transcode


class RenditionSerializer(serializers.Serializer):
    height = serializers.IntegerField()
    width = serializers.IntegerField()
    bandwidth = serializers.IntegerField(help_text="bits per second, video and audio")


class VideoStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="media_id")
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=Transcode.Status.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100)
    error = serializers.CharField(help_text="why it failed; for staff and the uploader only")
    attempts = serializers.IntegerField()
    duration = serializers.FloatField(help_text="seconds")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = RenditionSerializer(many=True)
    hls_url = serializers.CharField(help_text="the master playlist; empty until ready")
    file_url = serializers.CharField(help_text="the original; empty once deleted")
    poster_url = serializers.CharField()
    thumbnails_url = serializers.CharField(help_text="WebVTT of the seek previews")
    can_retry = serializers.BooleanField()


def status_data(request, media: CourseMedia) -> dict:
    job, sources = services.status_for(media, request.user)
    return {
        "media_id": media.pk,
        "title": sources.title,
        "status": sources.status,
        "progress": sources.progress,
        "error": job.error if job and services.can_see_error(request.user, media) else "",
        "attempts": job.attempts if job else 0,
        "duration": sources.duration,
        "width": sources.width,
        "height": sources.height,
        "renditions": job.renditions if job and job.is_ready else [],
        "hls_url": _absolute(request, sources.hls_url),
        "file_url": _absolute(request, sources.file_url),
        "poster_url": _absolute(request, sources.poster_url),
        "thumbnails_url": _absolute(request, sources.thumbnails_url),
        "can_retry": bool(
            job and job.status == Transcode.Status.FAILED and services.can_retry(request.user, job)
        ),
    }


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if url else ""


class VideoStatusAPIView(APIView):
    """A library video's processing status and, once ready, what the player loads. Open to
    whoever may watch the video (a paid lesson's video: its learners, teacher, staff)."""

    # The service checks who may watch; a free lesson's video is anyone's.
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=VideoStatusSerializer, operation_id="videos_media_status")
    def get(self, request, media_id: int):
        media = get_object_or_404(CourseMedia, pk=media_id)
        return Response(VideoStatusSerializer(status_data(request, media)).data)


class VideoRetryAPIView(APIView):
    """Run a failed transcode again (staff, or the person who uploaded the video)."""

    @extend_schema(request=None, responses=VideoStatusSerializer, operation_id="videos_media_retry")
    def post(self, request, media_id: int):
        media = get_object_or_404(CourseMedia, pk=media_id)
        job = get_object_or_404(Transcode, media=media)
        services.retry(request.user, job)
        media = CourseMedia.objects.get(pk=media.pk)  # the transcode as it is now
        return Response(VideoStatusSerializer(status_data(request, media)).data)


urlpatterns = [
    path("videos/media/<id:media_id>/", VideoStatusAPIView.as_view(), name="video-status"),
    path("videos/media/<id:media_id>/retry/", VideoRetryAPIView.as_view(), name="video-retry"),
]
