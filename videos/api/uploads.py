"""Resumable video uploads over JSON (the protocol of S3 multipart, whichever backend stores the
parts); api/urls.py includes this module's ``urlpatterns`` (paths under /api/).

POST   /api/videos/uploads/                       start: name, size → the session, its part size
GET    /api/videos/uploads/{id}/                  the session (status, error, the video made)
DELETE /api/videos/uploads/{id}/                  abort: the parts are dropped
GET    /api/videos/uploads/{id}/parts/            the parts the server holds (resume from these)
GET    /api/videos/uploads/{id}/parts/{n}/url/    where to PUT part n (ours, or presigned S3)
PUT    /api/videos/uploads/{id}/parts/{n}/        the local backend's part endpoint (raw bytes)
POST   /api/videos/uploads/{id}/complete/         join, read by content, make the library video

Only the session's owner sees it (anyone else gets 404). Refusals are the videos app's domain
errors: 400 ``upload_refused``/``upload_too_large``/``not_a_video``, 403
``upload_not_allowed``, 404 ``upload_not_found``, 409 ``upload_closed``/``upload_incomplete``.
"""

import io

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.models import CourseMedia

from ..models import UploadSession
from ..uploads import services


class StartUploadSerializer(serializers.Serializer):
    filename = serializers.CharField(max_length=255)
    size = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    content_type = serializers.CharField(max_length=100, required=False, allow_blank=True)
    title = serializers.CharField(max_length=255, required=False, allow_blank=True)


class UploadedMediaSerializer(serializers.ModelSerializer):
    class Meta:
        model = CourseMedia
        fields = ["id", "title", "type", "duration", "width", "height", "url"]
        read_only_fields = fields


class UploadSessionSerializer(serializers.ModelSerializer):
    part_count = serializers.IntegerField(read_only=True)
    media = UploadedMediaSerializer(read_only=True, allow_null=True)

    class Meta:
        model = UploadSession
        fields = [
            "id",
            "filename",
            "title",
            "size",
            "content_type",
            "part_size",
            "part_count",
            "backend",
            "status",
            "error",
            "created_at",
            "expires_at",
            "completed_at",
            "media",
        ]
        read_only_fields = fields


class PartSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    size = serializers.IntegerField()
    etag = serializers.CharField()


class PartTargetSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Where to send the part: ours, or a presigned S3 URL.")
    method = serializers.CharField()
    headers = serializers.DictField(child=serializers.CharField())


SESSION_ID = "the upload session's id (a UUID)"


class UploadStartAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Start a resumable video upload",
        request=StartUploadSerializer,
        responses={
            201: UploadSessionSerializer,
            400: OpenApiResponse(description="Not a video's name, empty, or over the limit."),
            403: OpenApiResponse(description="Only teachers and editors upload videos."),
        },
    )
    def post(self, request):
        data = StartUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.start_upload(request.user, **data.validated_data)
        return Response(UploadSessionSerializer(session).data, status=status.HTTP_201_CREATED)


class UploadDetailAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(summary="An upload session", responses={200: UploadSessionSerializer})
    def get(self, request, pk):
        session = services.get_session(request.user, pk)
        return Response(UploadSessionSerializer(session).data)

    @extend_schema(
        summary="Abort an upload (its parts are dropped)",
        responses={204: None, 409: OpenApiResponse(description="Already completed.")},
    )
    def delete(self, request, pk):
        services.abort_upload(request.user, services.get_session(request.user, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class UploadPartsAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="The parts the server holds",
        description="After a reload or a dropped connection, send only the parts missing here "
        "(or whose size differs from the session's part size).",
        responses={200: PartSerializer(many=True)},
    )
    def get(self, request, pk):
        session = services.get_session(request.user, pk)
        parts = services.stored_parts(request.user, session)
        return Response(PartSerializer(parts, many=True).data)


class UploadPartTargetAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Where to PUT one part",
        description="PUT the part's bytes to ``url``; the answer's ETag header names it. On S3 "
        "the address is presigned and short-lived: ask again on retry.",
        responses={200: PartTargetSerializer, 409: OpenApiResponse(description="Not open.")},
    )
    def get(self, request, pk, number: int):
        session = services.get_session(request.user, pk)
        target = services.part_target(request.user, session, number)
        return Response(PartTargetSerializer(target).data)


class UploadPartAPIView(APIView):
    """The local backend's part endpoint: the body is the part's bytes, exactly its size."""

    permission_classes = [permissions.IsAuthenticated]
    parser_classes: list = []  # the body is read as a stream, never parsed or held in memory

    @extend_schema(
        summary="Store one part (local backend)",
        request={"application/octet-stream": OpenApiTypes.BINARY},
        responses={
            200: PartSerializer,
            400: OpenApiResponse(description="Not the part's expected size; or an S3 upload."),
            409: OpenApiResponse(description="The upload is no longer open."),
        },
    )
    def put(self, request, pk, number: int):
        session = services.get_session(request.user, pk)
        body = request.stream or io.BytesIO(b"")
        part = services.store_part(request.user, session, number, body)
        response = Response(PartSerializer(part).data)
        response["ETag"] = part.etag
        return response


class UploadCompleteAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Complete an upload: the file becomes a library video",
        request=None,
        responses={
            200: UploadSessionSerializer,
            400: OpenApiResponse(description="Not a video (read by content), or too long."),
            409: OpenApiResponse(description="Parts missing, or the upload is not open."),
        },
    )
    def post(self, request, pk):
        session = services.get_session(request.user, pk)
        services.complete_upload(request.user, session)
        return Response(UploadSessionSerializer(services.get_session(request.user, pk)).data)


urlpatterns = [
    path("videos/uploads/", UploadStartAPIView.as_view(), name="videos-upload-list"),
    path("videos/uploads/<uuid:pk>/", UploadDetailAPIView.as_view(), name="videos-upload-detail"),
    path(
        "videos/uploads/<uuid:pk>/parts/",
        UploadPartsAPIView.as_view(),
        name="videos-upload-parts",
    ),
    path(
        "videos/uploads/<uuid:pk>/parts/<int:number>/",
        UploadPartAPIView.as_view(),
        name="videos-upload-part",
    ),
    path(
        "videos/uploads/<uuid:pk>/parts/<int:number>/url/",
        UploadPartTargetAPIView.as_view(),
        name="videos-upload-part-url",
    ),
    path(
        "videos/uploads/<uuid:pk>/complete/",
        UploadCompleteAPIView.as_view(),
        name="videos-upload-complete",
    ),
]
