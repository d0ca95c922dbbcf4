"""Reviews over JSON (paths relative to /api/; ``api/urls.py`` includes ``urlpatterns``).

    GET/POST          courses/{id}/reviews/      a course's published reviews (every
                                                 translation's) · write one
    GET/POST          tutors/{id}/reviews/       a tutor's (the id of their tutor page, as in
                                                 /api/tutors/) · write one
    GET/PATCH/DELETE  reviews/{id}/              one review · its author edits or deletes it
    POST/PATCH/DELETE reviews/{id}/reply/        the teacher's one reply: write, edit, delete
    POST              reviews/{id}/report/       report a published review

Lists are published reviews only, ``?order=newest|highest|lowest`` and ``?stars=1…5``,
paginated, in a fixed number of queries. Every rule (who may write, edit, reply, report) is
the services' (``reviews.services``); a refusal is their ``DomainError`` (403 with what to do
first, 409 for a second review or report), answered by ``api.exceptions``.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from courses.api import PersonSerializer
from courses.models import CoursePage, TutorPage

from . import permissions, services
from .models import MAX_TEXT, Review, ReviewReply
from .reading import DEFAULT_ORDER, ORDERS, STARS, Target, published

# ---------------------------------------------------------------------------------------------
# Serializers


class ReplySerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)

    class Meta:
        model = ReviewReply
        fields = ["id", "author", "text", "status", "published_at", "updated_at"]
        read_only_fields = fields


class ReviewTargetSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["course", "tutor"])
    id = serializers.IntegerField(help_text="the course page (as written on) or the tutor's user")
    name = serializers.CharField()


class ReviewSerializer(serializers.ModelSerializer):
    """A review as everyone reads it; its author and moderators also see its state."""

    author = PersonSerializer(read_only=True)
    target = serializers.SerializerMethodField()
    reply = serializers.SerializerMethodField()
    rejection_reason = serializers.SerializerMethodField()
    can_edit = serializers.SerializerMethodField()
    can_delete = serializers.SerializerMethodField()
    can_reply = serializers.SerializerMethodField()
    can_report = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = [
            "id",
            "author",
            "target",
            "rating",
            "text",
            "language",
            "status",
            "rejection_reason",
            "created_at",
            "updated_at",
            "published_at",
            "reply",
            "can_edit",
            "can_delete",
            "can_reply",
            "can_report",
        ]
        read_only_fields = fields

    def _user(self):
        request = self.context.get("request")
        return request.user if request else None

    @extend_schema_field(ReviewTargetSerializer)
    def get_target(self, review) -> dict:
        if review.course_id:
            return {"type": "course", "id": review.course_id, "name": review.course.title}
        tutor = review.tutor
        return {
            "type": "tutor",
            "id": review.tutor_id,
            "name": tutor.get_full_name() or tutor.get_short_name(),
        }

    @extend_schema_field(ReplySerializer(allow_null=True))
    def get_reply(self, review) -> dict | None:
        """The published reply; its author and moderators also see it pending or rejected."""
        try:
            answer = review.reply
        except ReviewReply.DoesNotExist:
            return None
        user = self._user()
        if answer.is_published or (
            user is not None
            and user.is_authenticated
            and (answer.author_id == user.pk or permissions.moderates(user))
        ):
            return ReplySerializer(answer).data
        return None

    @extend_schema_field({"type": "string", "description": "the moderator's reason, if rejected"})
    def get_rejection_reason(self, review) -> str:
        user = self._user()
        if permissions.can_edit(user, review) or permissions.moderates(user):
            return review.rejection_reason
        return ""

    def get_can_edit(self, review) -> bool:
        return permissions.can_edit(self._user(), review)

    def get_can_delete(self, review) -> bool:
        return permissions.can_delete(self._user(), review)

    def get_can_reply(self, review) -> bool:
        return review.is_published and permissions.can_reply(self._user(), review)

    def get_can_report(self, review) -> bool:
        return permissions.can_report(self._user(), review)


class ReviewWriteSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(max_length=MAX_TEXT)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        help_text="the language it is written in; default: the course page's (a tutor: ru)",
    )


class ReviewEditSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    text = serializers.CharField(max_length=MAX_TEXT, required=False)


class ReplyWriteSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)


class ReportWriteSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=services.MAX_REASON)


REPORT = inline_serializer(
    "ReviewReportCreated",
    {
        "id": serializers.IntegerField(),
        "review": serializers.IntegerField(),
        "reason": serializers.CharField(),
        "created_at": serializers.DateTimeField(),
    },
)

# ---------------------------------------------------------------------------------------------
# Schema: parameters and examples

LIST_PARAMETERS = [
    OpenApiParameter(
        "order",
        OpenApiTypes.STR,
        enum=list(ORDERS),
        description="newest (default), highest or lowest rating first",
    ),
    OpenApiParameter(
        "stars", {"type": "integer", "minimum": 1, "maximum": 5}, description="only this rating"
    ),
]
REVIEW_EXAMPLE = OpenApiExample(
    "A published review with the teacher's reply",
    value={
        "id": 42,
        "author": {"id": "6f1c2a9e-8a51-4d7e-9c56-2b1f0d3e4a77", "name": "Анна Смирнова"},
        "target": {"type": "course", "id": 12, "name": "Python с нуля"},
        "rating": 5,
        "text": "Понятные объяснения и много практики.",
        "language": "ru",
        "status": "published",
        "rejection_reason": "",
        "created_at": "2026-11-02T10:15:00Z",
        "updated_at": "2026-11-02T12:00:00Z",
        "published_at": "2026-11-02T12:00:00Z",
        "reply": {
            "id": 7,
            "author": {"id": "0b9d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4", "name": "Иван Петров"},
            "text": "Спасибо, Анна!",
            "status": "published",
            "published_at": "2026-11-03T09:00:00Z",
            "updated_at": "2026-11-03T09:00:00Z",
        },
        "can_edit": False,
        "can_delete": False,
        "can_reply": False,
        "can_report": True,
    },
    response_only=True,
)
WRITE_EXAMPLE = OpenApiExample(
    "Five stars",
    value={"rating": 5, "text": "Понятные объяснения и много практики.", "language": "ru"},
    request_only=True,
)
EDIT_EXAMPLE = OpenApiExample(
    "A new rating", value={"rating": 4, "text": "Хороший курс."}, request_only=True
)
REPLY_EXAMPLE = OpenApiExample(
    "A thank-you", value={"text": "Спасибо за отзыв!"}, request_only=True
)
REPORT_EXAMPLE = OpenApiExample(
    "Spam", value={"reason": "Реклама другого сайта."}, request_only=True
)
NOT_ELIGIBLE_EXAMPLE = OpenApiExample(
    "Not eligible yet",
    value={
        "detail": "Complete the course or at least a third of its lessons to review it.",
        "code": "not_eligible",
    },
    response_only=True,
    status_codes=["403"],
)

# ---------------------------------------------------------------------------------------------
# Views


class TargetReviewsView(GenericAPIView):
    """A course's or tutor's published reviews; signed-in people write theirs here."""

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()  # the target gives the reviews; this names the type

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated()]
        return [AllowAny()]

    def get_target(self) -> Target:
        raise NotImplementedError

    def list_order(self) -> tuple[str, int | None]:
        order = self.request.query_params.get("order") or DEFAULT_ORDER
        if order not in ORDERS:
            raise serializers.ValidationError(
                {"order": [_("One of: %(choices)s.") % {"choices": ", ".join(ORDERS)}]}
            )
        raw = self.request.query_params.get("stars")
        if raw in (None, ""):
            return order, None
        if not (raw.isascii() and raw.isdigit() and int(raw) in STARS):
            raise serializers.ValidationError({"stars": [_("A whole number from 1 to 5.")]})
        return order, int(raw)

    def get(self, request, *args, **kwargs):
        order, stars = self.list_order()
        page = self.paginate_queryset(published(self.get_target(), order=order, stars=stars))
        data = ReviewSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def post(self, request, *args, **kwargs):
        target = self.get_target()
        serializer = ReviewWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = services.write(request.user, target, **serializer.validated_data)
        data = ReviewSerializer(review, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


LIST_SCHEMA = {
    "parameters": LIST_PARAMETERS,
    "responses": ReviewSerializer(many=True),
    "examples": [REVIEW_EXAMPLE],
}
WRITE_SCHEMA = {
    "request": ReviewWriteSerializer,
    "responses": {201: ReviewSerializer},
    "examples": [WRITE_EXAMPLE, REVIEW_EXAMPLE, NOT_ELIGIBLE_EXAMPLE],
    "description": (
        "Write one's review (one per person and course, every translation, or tutor). Pending "
        "moderation unless the site publishes at once; 403 says what to do first "
        "(complete the course or a third of its lessons; attend a lesson of the tutor or "
        "complete one of their courses); 409 when one was written."
    ),
}


class CourseReviewsView(TargetReviewsView):
    def get_target(self) -> CoursePage:
        return get_object_or_404(
            CoursePage.objects.live().public().defer_streamfields(), pk=self.kwargs["course_id"]
        )

    @extend_schema(operation_id="course_reviews_list", **LIST_SCHEMA)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="course_reviews_create", **WRITE_SCHEMA)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


class TutorReviewsView(TargetReviewsView):
    def get_target(self):
        page = get_object_or_404(
            TutorPage.objects.live()
            .public()
            .filter(user__isnull=False)
            .defer_streamfields()
            .select_related("user"),
            pk=self.kwargs["tutor_id"],
        )
        return page.user

    @extend_schema(operation_id="tutor_reviews_list", **LIST_SCHEMA)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(operation_id="tutor_reviews_create", **WRITE_SCHEMA)
    def post(self, request, *args, **kwargs):
        return super().post(request, *args, **kwargs)


def visible_review(request, review_id: int) -> Review:
    """The review, if this person may see it (``permissions.can_view``); 404 otherwise."""
    review = get_object_or_404(
        Review.objects.select_related("author", "course", "tutor", "reply__author").defer(
            "course__description"
        ),
        pk=review_id,
    )
    if not permissions.can_view(request.user, review):
        raise Http404  # others' pending and rejected reviews are not there for them
    return review


class ReviewDetailView(GenericAPIView):
    """One review: public when published; its author and moderators see it in any state."""

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()

    def get_permissions(self):
        if self.request.method == "GET":
            return [AllowAny()]
        return [IsAuthenticated()]

    def _out(self, review: Review, code: int = status.HTTP_200_OK) -> Response:
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data, code)

    @extend_schema(responses=ReviewSerializer, examples=[REVIEW_EXAMPLE])
    def get(self, request, review_id: int):
        return self._out(visible_review(request, review_id))

    @extend_schema(
        request=ReviewEditSerializer,
        responses=ReviewSerializer,
        examples=[EDIT_EXAMPLE, REVIEW_EXAMPLE],
        description="The author changes the rating or the text; it is moderated again.",
    )
    def patch(self, request, review_id: int):
        review = visible_review(request, review_id)
        serializer = ReviewEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._out(services.edit(request.user, review, **serializer.validated_data))

    @extend_schema(responses={204: None}, description="The author (or a moderator) deletes it.")
    def delete(self, request, review_id: int):
        services.delete(request.user, visible_review(request, review_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewReplyView(GenericAPIView):
    """The course's teacher or the reviewed tutor answers a published review, once."""

    serializer_class = ReplySerializer
    queryset = ReviewReply.objects.none()
    permission_classes = [IsAuthenticated]

    def _write(self, request, review_id: int) -> Response:
        review = visible_review(request, review_id)
        serializer = ReplyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        existed = ReviewReply.objects.filter(review=review).exists()
        answer = services.reply(request.user, review, **serializer.validated_data)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(ReplySerializer(answer).data, status=code)

    @extend_schema(
        request=ReplyWriteSerializer,
        responses={201: ReplySerializer, 200: ReplySerializer},
        examples=[REPLY_EXAMPLE],
        description="Write the reply (200 when it edits the one there); moderated like reviews.",
    )
    def post(self, request, review_id: int):
        return self._write(request, review_id)

    @extend_schema(
        request=ReplyWriteSerializer,
        responses={200: ReplySerializer, 201: ReplySerializer},
        examples=[REPLY_EXAMPLE],
        description="Edit the reply (it is moderated again).",
    )
    def patch(self, request, review_id: int):
        return self._write(request, review_id)

    @extend_schema(responses={204: None}, description="Its author (or a moderator) deletes it.")
    def delete(self, request, review_id: int):
        review = visible_review(request, review_id)
        answer = get_object_or_404(ReviewReply.objects.select_related("review"), review=review)
        services.delete_reply(request.user, answer)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReviewReportView(GenericAPIView):
    """Any signed-in reader but the author reports a published review, once."""

    serializer_class = ReportWriteSerializer
    queryset = Review.objects.none()
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=ReportWriteSerializer,
        responses={201: REPORT},
        examples=[REPORT_EXAMPLE],
        description="It shows in the moderation queue until a moderator decides.",
    )
    def post(self, request, review_id: int):
        review = visible_review(request, review_id)
        serializer = ReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        made = services.report(request.user, review, **serializer.validated_data)
        data = {
            "id": made.pk,
            "review": review.pk,
            "reason": made.reason,
            "created_at": made.created_at,
        }
        return Response(data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("courses/<id:course_id>/reviews/", CourseReviewsView.as_view(), name="course-review-list"),
    path("tutors/<id:tutor_id>/reviews/", TutorReviewsView.as_view(), name="tutor-review-list"),
    path("reviews/<id:review_id>/", ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<id:review_id>/reply/", ReviewReplyView.as_view(), name="review-reply"),
    path("reviews/<id:review_id>/report/", ReviewReportView.as_view(), name="review-report"),
]
