"""Member profiles over JSON (paths relative to /api/; ``api/urls.py`` includes ``urlpatterns``).

    GET  members/{id}/   a member's profile as the caller may see it (``?page=`` pages the
                         reviews), the same rule and fields as the page /<lang>/members/{id}/

A profile the caller may not see answers 404 like a member that does not exist
(``members.errors.ProfileNotFound``, answered by ``api.exceptions``).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import services


class MemberReviewAboutSerializer(serializers.Serializer):
    type = serializers.CharField(help_text='"course" or "tutor"')
    name = serializers.CharField()
    url = serializers.CharField(help_text="its live page; empty when there is none")


class MemberReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="review.pk")
    rating = serializers.IntegerField(source="review.rating")
    text = serializers.CharField(source="review.text")
    language = serializers.CharField(source="review.language")
    published_at = serializers.DateTimeField(source="review.published_at")
    about = serializers.SerializerMethodField()

    @extend_schema_field(MemberReviewAboutSerializer)
    def get_about(self, item: services.ReviewItem) -> dict:
        return {"type": item.kind, "name": item.subject, "url": _absolute(self, item.subject_url)}


# An address, or null when there is none (no avatar, not a tutor, no poster).
NULLABLE_URI = serializers.URLField(allow_null=True, read_only=True)


class MemberReviewPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = MemberReviewSerializer(many=True)


class MemberPostSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, post: services.Post) -> str:
        return _absolute(self, post.url)

    @extend_schema_field(NULLABLE_URI)
    def get_poster_url(self, post: services.Post) -> str | None:
        return _absolute(self, post.poster_url) or None


class MemberMaterialSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(help_text='"article", "video" or "test"')
    title = serializers.CharField()
    summary = serializers.CharField()
    url = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, material: services.Material) -> str:
        return _absolute(self, material.url)


class MemberProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    avatar_url = serializers.SerializerMethodField()
    bio = serializers.CharField()
    interests = serializers.CharField()
    expertise = serializers.CharField()
    is_tutor = serializers.BooleanField()
    tutor_page_url = serializers.SerializerMethodField()
    headline = serializers.CharField()
    joined = serializers.DateTimeField()
    visibility = serializers.ChoiceField(
        choices=["public", "members", "private"], help_text="who the member shows it to"
    )
    is_self = serializers.BooleanField()
    reviews = serializers.SerializerMethodField()
    posts_count = serializers.IntegerField()
    posts = MemberPostSerializer(many=True)
    materials_count = serializers.IntegerField()
    materials = MemberMaterialSerializer(many=True)

    @extend_schema_field(NULLABLE_URI)
    def get_avatar_url(self, profile: services.Profile) -> str | None:
        return _absolute(self, profile.avatar_url) or None

    @extend_schema_field(NULLABLE_URI)
    def get_tutor_page_url(self, profile: services.Profile) -> str | None:
        return _absolute(self, profile.tutor_page_url) or None

    @extend_schema_field(MemberReviewPageSerializer)
    def get_reviews(self, profile: services.Profile) -> dict:
        page = profile.reviews
        return {
            "count": profile.reviews_count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "results": MemberReviewSerializer(
                page.object_list, many=True, context=self.context
            ).data,
        }


def _absolute(serializer: serializers.Serializer, url: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if url and request is not None else url


class MemberProfileView(APIView):
    """Anyone may ask; the service answers what the caller may see, or 404."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="member_profile",
        summary="A member's profile",
        description=(
            "Name, avatar, about, published reviews (paged by `?page=`) and live posts, as "
            "the member's choice of who sees their profile allows (everyone, signed-in "
            "members, or only them, their teachers and staff). A profile the caller may not "
            "see answers 404, like a member that does not exist."
        ),
        parameters=[OpenApiParameter("page", OpenApiTypes.INT, description="page of the reviews")],
        responses=MemberProfileSerializer,
        tags=["members"],
    )
    def get(self, request, member_id: int) -> Response:
        profile = services.profile(
            request.user, member_id, reviews_page=request.query_params.get("page") or 1
        )
        return Response(MemberProfileSerializer(profile, context={"request": request}).data)


urlpatterns = [
    path("members/<id:member_id>/", MemberProfileView.as_view(), name="member-detail"),
]
