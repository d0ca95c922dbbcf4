"""The reviews' JSON shapes: a review with its target and reply, and what writing takes."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import (
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers

from courses.api import PersonSerializer

from .. import permissions, services
from ..models import MAX_TEXT, Review, ReviewReply


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
