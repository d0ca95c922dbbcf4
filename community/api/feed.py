"""Follows, likes and the feed over JSON (paths relative to /api/; ``api/urls.py`` includes
``urlpatterns``).

    GET          feed/?sort=new|popular&page=    the signed-in person's feed (services.feed)
    GET          follows/                        the tutors they follow
    POST/DELETE  tutors/{id}/follow/             follow · unfollow a tutor (id: the tutor page's,
                                                 as in /api/tutors/{id}/)
    POST/DELETE  videos/{id}/like/               like · unlike a video post (a TutorVideoPage id)

Every rule is the services' (``community.services``); a refusal is the app's
``DomainError`` answered by ``api.exceptions``. Following or liking twice is no error.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import sites
from courses.models import TutorPage, TutorVideoPage

from .. import services
from ..models import Follow


class FeedTutorSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="the tutor page's id (/api/tutors/{id}/)")
    name = serializers.CharField(source="title")
    url = serializers.SerializerMethodField()

    def get_url(self, page) -> str:
        return page.get_url(self.context.get("request")) or ""


class PostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    tutor = FeedTutorSerializer(source="stats.tutor_page", allow_null=True)
    published_at = serializers.DateTimeField(source="stats.published_at")
    like_count = serializers.IntegerField(source="stats.like_count")
    comment_count = serializers.IntegerField(source="stats.comment_count")
    liked = serializers.BooleanField(help_text="whether the signed-in person liked it")
    followed = serializers.SerializerMethodField(
        help_text="whether it is from a tutor the person follows"
    )
    score = serializers.FloatField(help_text="popularity with time decay (see the feed docs)")

    def get_url(self, post) -> str:
        return post.get_url(self.context.get("request")) or ""

    def get_followed(self, post) -> bool:
        return post.tier == 0


class LikeStateSerializer(serializers.Serializer):
    liked = serializers.BooleanField()
    like_count = serializers.IntegerField()


class FollowStateSerializer(serializers.Serializer):
    following = serializers.BooleanField()
    followers_count = serializers.IntegerField()


class FollowSerializer(serializers.Serializer):
    tutor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(FeedTutorSerializer(allow_null=True))
    def get_tutor(self, follow) -> dict | None:
        pages = getattr(follow.tutor, "live_tutor_pages", [])
        if not pages:
            return None
        language = self.context.get("language")
        page = next((p for p in pages if p.locale.language_code == language), pages[0])
        return FeedTutorSerializer(page, context=self.context).data


SORT = OpenApiParameter(
    "sort",
    OpenApiTypes.STR,
    enum=list(services.SORTS),
    description="new: newest first; popular: (likes + 2·comments + 1) / (hours + 2)^1.5. "
    "Posts of followed tutors come first either way, then recommended ones, then the rest.",
)


class FeedView(GenericAPIView):
    """The signed-in person's feed of video posts in the active language."""

    serializer_class = PostSerializer
    queryset = TutorVideoPage.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="feed", parameters=[SORT], responses=PostSerializer(many=True))
    def get(self, request):
        sort = request.query_params.get("sort") or "new"
        ids, annotations = services.ordered_ids(request.user, sort)
        page = services.load(request.user, list(self.paginate_queryset(ids)), annotations)
        data = PostSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


class FollowListView(GenericAPIView):
    """The tutors the signed-in person follows, newest first."""

    serializer_class = FollowSerializer
    queryset = Follow.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="follows_list", responses=FollowSerializer(many=True))
    def get(self, request):
        pages = (
            TutorPage.objects.live()
            .public()
            .defer_streamfields()
            .select_related("locale")
            .order_by("path")
        )
        follows = services.follows_of(request.user).prefetch_related(
            Prefetch("tutor__tutor_pages", queryset=pages, to_attr="live_tutor_pages")
        )
        page = self.paginate_queryset(follows)
        context = {"request": request, "language": sites.active_locale().language_code}
        return self.get_paginated_response(FollowSerializer(page, many=True, context=context).data)


class FollowView(APIView):
    """Follow (POST) or unfollow (DELETE) the tutor of a tutor page."""

    permission_classes = [IsAuthenticated]

    def answer(self, request, tutor, code=status.HTTP_200_OK) -> Response:
        data = {
            "following": services.is_following(request.user, tutor.user_id),
            "followers_count": services.followers_count(tutor.user_id),
        }
        return Response(FollowStateSerializer(data).data, status=code)

    @extend_schema(
        operation_id="tutor_follow",
        request=None,
        responses={200: FollowStateSerializer, 201: FollowStateSerializer},
        description="201 when the follow is new, 200 when it was there already.",
    )
    def post(self, request, tutor_id: int):
        tutor = services.published_tutor(tutor_id)
        _follow, made = services.follow(request.user, tutor)
        return self.answer(request, tutor, status.HTTP_201_CREATED if made else status.HTTP_200_OK)

    @extend_schema(
        operation_id="tutor_unfollow", request=None, responses={200: FollowStateSerializer}
    )
    def delete(self, request, tutor_id: int):
        tutor = services.published_tutor(tutor_id)
        services.unfollow(request.user, tutor)
        return self.answer(request, tutor)


class LikeView(APIView):
    """Like (POST) or unlike (DELETE) a video post; the answer has the count after it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="video_like", request=None, responses=LikeStateSerializer)
    def post(self, request, post_id: int):
        state = services.like(request.user, services.live_post(post_id))
        return Response(LikeStateSerializer(state).data)

    @extend_schema(operation_id="video_unlike", request=None, responses={200: LikeStateSerializer})
    def delete(self, request, post_id: int):
        state = services.unlike(request.user, services.live_post(post_id))
        return Response(LikeStateSerializer(state).data)


urlpatterns = [
    path("feed/", FeedView.as_view(), name="feed"),
    path("follows/", FollowListView.as_view(), name="follow-list"),
    path("tutors/<id:tutor_id>/follow/", FollowView.as_view(), name="tutor-follow"),
    path("videos/<id:post_id>/like/", LikeView.as_view(), name="video-like"),
]
