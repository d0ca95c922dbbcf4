"""What courses, lessons, categories and tutors look like over JSON, read and written."""

from collections.abc import Iterable
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Level, full_name
from core import sites
from core.ids import parse_id
from core.pages import PageAddresses
from core.serializers import LocaleField, SlugField

from .. import ratings, services
from ..models import Category, CoursePage, CourseType, Currency, LessonPage, TutorPage

# A page's address on the site: relative ("/ru/courses/python/") unless the page belongs to
# another site than the request's; null when the page is not routable.
PAGE_URL = {
    "type": "string",
    "format": "uri-reference",
    "nullable": True,
    "description": "The page's address, relative to the site.",
}
# StreamField content as stored: a list of blocks.
STREAM = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {"type": {"type": "string"}, "value": {}, "id": {"type": "string"}},
    },
    "description": 'The blocks as stored: [{"type", "value", "id"}, …].',
}


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    locale = LocaleField()

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "icon", "parent", "locale"]


class PersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)


class LessonSummarySerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = LessonPage
        fields = ["id", "title", "slug", "url", "duration_minutes", "is_free", "live"]

    @extend_schema_field(PAGE_URL)
    def get_url(self, lesson) -> str | None:
        return lesson.get_url(request=self.context.get("request"))


class CourseSerializer(serializers.ModelSerializer):
    """A course as the catalog shows it."""

    url = serializers.SerializerMethodField()
    teacher = PersonSerializer(read_only=True, allow_null=True)  # an admin's course may have none
    category = CategorySerializer(read_only=True, allow_null=True)
    type = serializers.CharField(source="course_type", read_only=True)
    duration = serializers.IntegerField(source="duration_hours", read_only=True)
    locale = LocaleField()

    class Meta:
        model = CoursePage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "summary",
            "teacher",
            "category",
            "level",
            "language",
            "type",
            "price",
            "currency",
            "duration",
            "average_rating",
            "reviews_count",
            "students_count",
            "lessons_count",
            "status",
            "live",
            "locale",
        ]

    @extend_schema_field(PAGE_URL)
    def get_url(self, course) -> str | None:
        return course.get_url(request=self.context.get("request"))


@cache
def _card_decimals() -> tuple:
    """The DRF fields that format a card's price and rating (quantized, as strings)."""
    fields = CourseSerializer().fields
    return fields["price"], fields["average_rating"]


# What a card reads of a course and its joined rows, as ``values()`` names them.
CARD_COLUMNS = (
    "pk",
    "title",
    "slug",
    "url_path",
    "summary",
    "teacher_id",
    "teacher__public_id",
    "teacher__first_name",
    "teacher__last_name",
    "category_id",
    "category__name",
    "category__slug",
    "category__icon",
    "category__parent_id",
    "category__parent__slug",
    "category__locale_id",
    "level",
    "language",
    "course_type",
    "price",
    "currency",
    "duration_hours",
    "average_rating",
    "reviews_count",
    "students_count",
    "lessons_count",
    "status",
    "live",
    "locale_id",
)


def course_cards(rows: Iterable[tuple], request) -> list[dict]:
    """``CourseSerializer(courses, many=True).data`` as plain dicts, for the catalog's list,
    from rows of ``CARD_COLUMNS`` (``values_list``): no model instances.

    DRF's field machinery (a nested serializer per teacher and category, source lookups per
    field) and the models' own building cost more than the page's queries;
    tests/courses/test_api_cost.py holds the two equal, field for field.
    """
    price, rating = _card_decimals()
    addresses = PageAddresses(request)
    # Locales by id from the site directory (core.sites), not joined into every row.
    codes = {locale.pk: locale.language_code for locale in sites.current().locales.values()}
    cards = []
    for (
        pk,
        title,
        slug,
        url_path,
        summary,
        teacher_id,
        teacher_public_id,
        first_name,
        last_name,
        category_id,
        category_name,
        category_slug,
        category_icon,
        parent_id,
        parent_slug,
        category_locale_id,
        level,
        language,
        course_type,
        course_price,
        currency,
        duration_hours,
        average_rating,
        reviews_count,
        students_count,
        lessons_count,
        status,
        live,
        locale_id,
    ) in rows:
        cards.append(
            {
                "id": pk,
                "title": title,
                "slug": slug,
                "url": addresses.url(url_path),
                "summary": summary,
                "teacher": None
                if teacher_id is None
                else {
                    "id": str(teacher_public_id),
                    "name": full_name(first_name, last_name),
                },
                "category": None
                if category_id is None
                else {
                    "id": category_id,
                    "name": category_name,
                    "slug": category_slug,
                    "icon": category_icon,
                    "parent": parent_slug if parent_id is not None else None,
                    "locale": codes[category_locale_id],
                },
                "level": level,
                "language": language,
                "type": course_type,
                "price": price.to_representation(course_price),
                "currency": currency,
                "duration": duration_hours,
                "average_rating": rating.to_representation(average_rating),
                "reviews_count": reviews_count,
                "students_count": students_count,
                "lessons_count": lessons_count,
                "status": status,
                "live": live,
                "locale": codes[locale_id],
            }
        )
    return cards


class RatingSummarySerializer(serializers.Serializer):
    """A course's or tutor's published reviews in figures (reviews.services keeps them)."""

    count = serializers.IntegerField(help_text="published reviews")
    average = serializers.DecimalField(
        max_digits=3, decimal_places=2, help_text="their plain mean, 0 without reviews"
    )
    distribution = serializers.DictField(
        child=serializers.IntegerField(),
        help_text='reviews per star, "5" to "1"',
    )


def rating_summary(count: int, average, target) -> dict:
    """The summary of a target (a course page or a tutor's user): the stored figures and the
    distribution the reviews app answers (``courses.ratings``)."""
    return {
        "count": count,
        "average": average,
        "distribution": {str(stars): n for stars, n in ratings.distribution(target).items()},
    }


class CourseDetailSerializer(CourseSerializer):
    description = serializers.SerializerMethodField()
    lessons = serializers.SerializerMethodField()
    rating_summary = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "description", "lessons", "rating_summary"]

    @extend_schema_field(RatingSummarySerializer)
    def get_rating_summary(self, course) -> dict:
        summary = rating_summary(course.reviews_count, course.average_rating, course)
        return RatingSummarySerializer(summary).data

    @extend_schema_field(STREAM)
    def get_description(self, course) -> list:
        return course.description.get_prep_value()

    @extend_schema_field(LessonSummarySerializer(many=True))
    def get_lessons(self, course):
        return LessonSummarySerializer(course.lessons(), many=True, context=self.context).data


class CourseWriteSerializer(serializers.Serializer):
    """What a teacher sends to create or change a course; unknown values name their field."""

    title = serializers.CharField(max_length=255)
    slug = SlugField(max_length=255, required=False)
    summary = serializers.CharField(max_length=400)
    category = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, help_text="slug or id; empty: none"
    )
    type = serializers.ChoiceField(choices=CourseType.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    duration = serializers.IntegerField(
        min_value=0, max_value=services.MAX_COURSE_HOURS, required=False
    )
    submit = serializers.BooleanField(required=False, default=False, write_only=True)

    RENAMED = {"type": "course_type", "duration": "duration_hours"}

    def validate_category(self, value):
        if value in (None, ""):
            return None
        number = parse_id(value)
        lookup = Q(slug=value) | (Q(pk=number) if number is not None else Q())
        category = Category.objects.filter(lookup).first()
        if category is None:
            raise serializers.ValidationError("There is no such category.")
        return category

    def page_fields(self) -> dict:
        data = dict(self.validated_data)
        data.pop("submit", None)
        return {self.RENAMED.get(name, name): value for name, value in data.items()}


class LessonSerializer(LessonSummarySerializer):
    content = serializers.SerializerMethodField()
    course = serializers.IntegerField(source="course.pk", read_only=True)

    class Meta(LessonSummarySerializer.Meta):
        fields = [*LessonSummarySerializer.Meta.fields, "course", "content"]

    @extend_schema_field(STREAM)
    def get_content(self, lesson) -> list:
        return lesson.content.get_prep_value()


def _content_blocks() -> list[str]:
    return list(LessonPage._meta.get_field("content").stream_block.child_blocks)


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": _content_blocks()},
                "value": {},
                "id": {"type": "string"},
            },
            "required": ["type", "value"],
        },
        "description": 'The lesson\'s blocks: [{"type", "value"}, …], as answered.',
    }
)
class StreamContentField(serializers.JSONField):
    """A lesson's StreamField content as JSON, refused (400) unless the blocks can be read:
    Wagtail's own reading of it failed on shapes such as ``[null]`` (a 500)."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        stream_block = LessonPage._meta.get_field("content").stream_block
        if not isinstance(value, list) or not all(
            isinstance(item, dict)
            and isinstance(item.get("type"), str)
            and item["type"] in stream_block.child_blocks
            and "value" in item
            and isinstance(item.get("id", ""), str)
            for item in value
        ):
            raise serializers.ValidationError(
                _('A list of blocks, each {"type": one of %(types)s, "value": …}.')
                % {"types": ", ".join(stream_block.child_blocks)}
            )
        try:
            # Read and checked as the editor checks it: values the blocks cannot read (a
            # paragraph that is not text) failed later, in the search index.
            stream_block.clean(stream_block.to_python(value))
        except (TypeError, ValueError, KeyError, AttributeError, DjangoValidationError) as error:
            raise serializers.ValidationError(_("A block's value has the wrong shape.")) from error
        return value


class LessonWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    slug = SlugField(max_length=255, required=False)
    duration_minutes = serializers.IntegerField(
        min_value=0, max_value=services.MAX_LESSON_MINUTES, required=False
    )
    is_free = serializers.BooleanField(required=False)
    content = StreamContentField(required=False)
    publish = serializers.BooleanField(required=False, default=False, write_only=True)

    def page_fields(self) -> dict:
        data = dict(self.validated_data)
        data.pop("publish", None)
        return data


class TutorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    user = PersonSerializer(read_only=True)
    subjects = CategorySerializer(many=True, read_only=True)
    rating = serializers.DecimalField(
        source="user.teacher_profile.rating", max_digits=3, decimal_places=2, read_only=True
    )
    languages = serializers.SerializerMethodField(help_text="languages of the lessons")

    class Meta:
        model = TutorPage
        fields = [
            "id",
            "title",
            "slug",
            "url",
            "headline",
            "user",
            "subjects",
            "experience_years",
            "education",
            "hourly_price",
            "currency",
            "rating",
            "languages",
        ]

    @extend_schema_field(PAGE_URL)
    def get_url(self, tutor) -> str | None:
        return tutor.get_url(request=self.context.get("request"))

    def get_languages(self, tutor) -> list[str]:
        return [row.language for row in tutor.lesson_languages.all()]


class TutorDetailSerializer(TutorSerializer):
    """One tutor: with the number of reviews and their distribution."""

    reviews_count = serializers.IntegerField(
        source="user.teacher_profile.reviews_count", read_only=True, default=0
    )
    rating_summary = serializers.SerializerMethodField()

    class Meta(TutorSerializer.Meta):
        fields = [*TutorSerializer.Meta.fields, "reviews_count", "rating_summary"]

    @extend_schema_field(RatingSummarySerializer)
    def get_rating_summary(self, tutor) -> dict:
        profile = getattr(tutor.user, "teacher_profile", None) if tutor.user_id else None
        if profile is None:
            return RatingSummarySerializer(rating_summary(0, Decimal(0), None)).data
        summary = rating_summary(profile.reviews_count, profile.rating, tutor.user)
        return RatingSummarySerializer(summary).data
