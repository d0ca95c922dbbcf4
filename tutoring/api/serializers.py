"""The tutoring API's shapes."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.ids import PrimaryKeyRelatedField
from courses.choices import Currency
from courses.models import Category

from ..models import Format, Level, Offer, TutorRequest
from ..services import WeeklyTime


class WeeklyTimeSerializer(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday")
    start = serializers.TimeField(source="start_time", format="%H:%M")
    end = serializers.TimeField(source="end_time", format="%H:%M")


def weekly(items: list[dict]) -> list[WeeklyTime]:
    return [WeeklyTime(i["weekday"], i["start_time"], i["end_time"]) for i in items]


class RequestPersonSerializer(serializers.Serializer):
    """A tutor: their public id (as messaging takes it) and name."""

    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_short_name()


class RequestLearnerSerializer(serializers.Serializer):
    """The learner as tutors see them on a request: a first name, nothing to find them by."""

    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.first_name or str(_("Learner"))


class RequestSubjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()


class TutorRequestSerializer(serializers.ModelSerializer):
    subject = RequestSubjectSerializer(read_only=True)
    learner = RequestLearnerSerializer(read_only=True)
    windows = WeeklyTimeSerializer(many=True, read_only=True)
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = TutorRequest
        fields = [
            "id",
            "learner",
            "subject",
            "level",
            "goal",
            "format",
            "budget",
            "currency",
            "language",
            "timezone",
            "windows",
            "start_date",
            "status",
            "is_open",
            "expires_at",
            "created_at",
        ]
        read_only_fields = fields


class TutorRequestWriteSerializer(serializers.Serializer):
    subject = PrimaryKeyRelatedField(queryset=Category.objects.all())
    level = serializers.ChoiceField(choices=Level.choices)
    goal = serializers.CharField(max_length=2000)
    format = serializers.ChoiceField(choices=Format.choices, default=Format.ONE_TO_ONE)
    budget = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = serializers.ChoiceField(choices=Currency.choices, default=Currency.RUB)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    timezone = serializers.CharField(max_length=64, default=settings.TIME_ZONE)
    windows = WeeklyTimeSerializer(many=True)
    start_date = serializers.DateField()


class OfferSerializer(serializers.ModelSerializer):
    tutor = RequestPersonSerializer(read_only=True)
    times = WeeklyTimeSerializer(many=True, read_only=True)
    request = serializers.IntegerField(source="request_id", read_only=True)
    group = serializers.IntegerField(source="group_id", read_only=True, allow_null=True)
    tutor_rating = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "request",
            "tutor",
            "tutor_rating",
            "message",
            "price",
            "currency",
            "timezone",
            "times",
            "status",
            "group",
            "created_at",
            "answered_at",
        ]
        read_only_fields = fields

    def get_tutor_rating(self, offer) -> dict:
        profile = getattr(offer.tutor, "teacher_profile", None)
        return {
            "average": str(profile.rating) if profile else "0.00",
            "count": profile.reviews_count if profile else 0,
        }


class OfferWriteSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=2000)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    times = WeeklyTimeSerializer(many=True)


class BoardRequestSerializer(TutorRequestSerializer):
    my_offer = serializers.SerializerMethodField()

    class Meta(TutorRequestSerializer.Meta):
        fields = [*TutorRequestSerializer.Meta.fields, "my_offer"]
        read_only_fields = fields

    def get_my_offer(self, request) -> OfferSerializer(allow_null=True):  # type: ignore[valid-type]
        offers = getattr(request, "my_offers", [])
        return OfferSerializer(offers[0]).data if offers else None


class MatchSerializer(serializers.Serializer):
    tutor = RequestPersonSerializer()
    tutor_page = serializers.IntegerField(source="page.pk", help_text="as in /api/tutors/")
    title = serializers.CharField(source="page.title")
    url = serializers.SerializerMethodField()
    price = serializers.DecimalField(source="page.hourly_price", max_digits=10, decimal_places=2)
    currency = serializers.CharField(source="page.currency")
    score = serializers.FloatField(help_text="out of 100")
    overlap_minutes = serializers.IntegerField(help_text="shared free minutes a week")
    within_budget = serializers.BooleanField(allow_null=True)
    reasons = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()

    def get_url(self, match) -> str:
        return match.page.get_url() or ""


class OfferAcceptedSerializer(serializers.Serializer):
    offer = OfferSerializer()
    conversation = serializers.IntegerField()


class OfferScheduleSerializer(serializers.Serializer):
    weeks = serializers.IntegerField(min_value=1, max_value=52, required=False)


class OfferScheduledSerializer(serializers.Serializer):
    offer = OfferSerializer()
    group = serializers.IntegerField()


class TutorLevelsSerializer(serializers.Serializer):
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=Level.choices), max_length=len(Level.choices)
    )
