"""The reviews API's views: parse, call reviews.services, serialize."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from courses.models import CoursePage, TutorPage

from .. import permissions, services
from ..models import Review, ReviewReply
from ..reading import DEFAULT_ORDER, ORDERS, STARS, Target, published
from .schema import (
    EDIT_EXAMPLE,
    LIST_PARAMETERS,
    NOT_ELIGIBLE_EXAMPLE,
    REPLY_EXAMPLE,
    REPORT_EXAMPLE,
    REVIEW_EXAMPLE,
    WRITE_EXAMPLE,
)
from .serializers import (
    REPORT,
    ReplySerializer,
    ReplyWriteSerializer,
    ReportWriteSerializer,
    ReviewEditSerializer,
    ReviewSerializer,
    ReviewWriteSerializer,
)


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
