"""Video posts over JSON (paths relative to /api/).

GET   video-posts/?sort=new|popular&tutor=&tag=&page=   live posts in the active language
POST  video-posts/        a tutor posts an uploaded video (/api/videos/uploads/): a draft
                          sent to moderators, as the cabinet's "New video" does
GET   video-posts/{id}/   one live post with what it plays (the library video's id for
                          /api/videos/media/{id}/, or an external link) and its tags
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from core.ids import parse_id
from courses.models import TutorVideoPage
from videos.uploads.forms import MAX_TAGS
from videos.uploads.pages import create_video_post

from .. import services
from .feed import SORT, PostSerializer


class PostDetailSerializer(PostSerializer):
    poster_url = serializers.SerializerMethodField()
    tags = serializers.ListField(child=serializers.CharField(), source="tag_names")
    media_id = serializers.IntegerField(
        source="playback.media_id",
        allow_null=True,
        help_text="the uploaded video: its sources and status at /api/videos/media/{id}/",
    )
    embed_url = serializers.CharField(
        source="playback.embed_url", help_text="a YouTube or Vimeo link; empty for uploads"
    )

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_poster_url(self, post) -> str | None:
        request = self.context.get("request")
        url = getattr(post, "poster_url", "")
        return (request.build_absolute_uri(url) if request else url) if url else None


class NewPostSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=MAX_TAGS
    )
    video = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="the caller's finished upload (media id)"
    )


class CreatedPostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.ChoiceField(
        choices=["in_moderation"], help_text="published once moderators approve it"
    )


TUTOR = OpenApiParameter("tutor", OpenApiTypes.INT, description="a tutor page's id")
TAG = OpenApiParameter("tag", OpenApiTypes.STR, description="a tag's name")


class PostListView(GenericAPIView):
    serializer_class = PostSerializer
    queryset = TutorVideoPage.objects.none()

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        operation_id="video_posts_list",
        parameters=[SORT, TUTOR, TAG],
        responses=PostSerializer(many=True),
        tags=["community"],
    )
    def get(self, request):
        params = request.query_params
        tutor = parse_id(params["tutor"]) if params.get("tutor") else None
        if params.get("tutor") and tutor is None:
            raise serializers.ValidationError({"tutor": [_("Give a tutor page's id.")]})
        ids, annotations = services.post_ids(
            request.user,
            sort=params.get("sort") or "new",
            tutor_page_id=tutor,
            tag=params.get("tag", "")[:100],
        )
        page = services.load(request.user, list(self.paginate_queryset(ids)), annotations)
        data = PostSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        operation_id="video_posts_create",
        request=NewPostSerializer,
        responses={
            201: CreatedPostSerializer,
            404: OpenApiResponse(description="The video named is no finished upload of yours."),
        },
        tags=["community"],
    )
    def post(self, request):
        data = NewPostSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        page = create_video_post(
            request.user,
            media=fields["video"],
            title=fields["title"],
            description=fields.get("description", ""),
            tags=[" ".join(tag.split()) for tag in fields.get("tags", []) if tag.strip()],
        )
        body = {"id": page.pk, "title": page.title, "status": "in_moderation"}
        return Response(CreatedPostSerializer(body).data, status=status.HTTP_201_CREATED)


class PostDetailView(GenericAPIView):
    serializer_class = PostDetailSerializer
    queryset = TutorVideoPage.objects.none()
    permission_classes = [AllowAny]

    @extend_schema(operation_id="video_posts_detail", tags=["community"])
    def get(self, request, post_id: int):
        post, playback = services.read_post(request.user, post_id)
        post.playback = playback
        return Response(PostDetailSerializer(post, context={"request": request}).data)


urlpatterns = [
    path("video-posts/", PostListView.as_view(), name="video-post-list"),
    path("video-posts/<id:post_id>/", PostDetailView.as_view(), name="video-post-detail"),
]
