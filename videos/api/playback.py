"""The player over JSON: where the person left off in a library video, and its captions.

    GET  /api/videos/media/{id}/position/   {"seconds", "duration", "resume_at", "updated_at"}
    PUT  /api/videos/media/{id}/position/   {"seconds", "duration"?}
    GET  /api/videos/media/{id}/captions/   [{"id", "language", "label", "default", "url"}]

For signed-in people who may watch the video (``videos.permissions.can_watch``: the lesson
rule of its file); others get 403 from the services. api/urls.py includes ``urlpatterns``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CourseMedia

from .. import services


class PositionSerializer(serializers.Serializer):
    seconds = serializers.FloatField(help_text="Where the person stopped (0 before they played).")
    duration = serializers.FloatField(help_text="The video's length as the browser reported it.")
    resume_at = serializers.FloatField(
        help_text="Where the player starts: 0 when there is no position or it is near the end."
    )
    updated_at = serializers.DateTimeField(allow_null=True)


class PositionInputSerializer(serializers.Serializer):
    seconds = serializers.FloatField(min_value=0)
    duration = serializers.FloatField(min_value=0, required=False, default=0)


class CaptionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    language = serializers.CharField(help_text="BCP 47: ru, en, pt-BR.")
    label = serializers.CharField()
    default = serializers.BooleanField(source="is_default")
    url = serializers.SerializerMethodField(help_text="The WebVTT file (same access check).")

    def get_url(self, track) -> str:
        return reverse("video-player:caption-file", args=[track.pk])


def _position_data(position) -> dict:
    return {
        "seconds": position.seconds if position else 0.0,
        "duration": position.duration if position else 0.0,
        "resume_at": services.resume_at(position),
        "updated_at": position.updated_at if position else None,
    }


class PositionView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=PositionSerializer, summary="Where I left off in a video")
    def get(self, request, media_id: int):
        media = get_object_or_404(CourseMedia, pk=media_id)
        position = services.read_position(request.user, media)
        return Response(PositionSerializer(_position_data(position)).data)

    @extend_schema(
        request=PositionInputSerializer,
        responses=PositionSerializer,
        summary="Save where I am in a video",
    )
    def put(self, request, media_id: int):
        media = get_object_or_404(CourseMedia, pk=media_id)
        data = PositionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        position = services.save_position(request.user, media, **data.validated_data)
        return Response(PositionSerializer(_position_data(position)).data)


class CaptionsView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=CaptionSerializer(many=True), summary="A video's captions")
    def get(self, request, media_id: int):
        media = get_object_or_404(CourseMedia, pk=media_id)
        tracks = services.caption_tracks(request.user, media)
        return Response(CaptionSerializer(tracks, many=True).data)


urlpatterns = [
    path("videos/media/<id:media_id>/position/", PositionView.as_view(), name="video-position"),
    path("videos/media/<id:media_id>/captions/", CaptionsView.as_view(), name="video-captions"),
]
