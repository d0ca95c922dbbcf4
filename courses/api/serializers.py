"""What courses, lessons, categories and tutors look like over JSON, read and written."""

from django.conf import settings
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Level

from ..models import Category, CoursePage, CourseType, Currency, LessonPage, TutorPage


class CategorySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    locale = serializers.CharField(source="locale.language_code", read_only=True)

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

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, lesson) -> str:
        return lesson.get_url(request=self.context.get("request"))


class CourseSerializer(serializers.ModelSerializer):
    """A course as the catalog shows it."""

    url = serializers.SerializerMethodField()
    teacher = PersonSerializer(read_only=True)
    category = CategorySerializer(read_only=True)
    type = serializers.CharField(source="course_type", read_only=True)
    duration = serializers.IntegerField(source="duration_hours", read_only=True)
    locale = serializers.CharField(source="locale.language_code", read_only=True)

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

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, course) -> str | None:
        return course.get_url(request=self.context.get("request"))


class CourseDetailSerializer(CourseSerializer):
    description = serializers.SerializerMethodField()
    lessons = serializers.SerializerMethodField()

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "description", "lessons"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_description(self, course) -> list:
        return course.description.get_prep_value()

    @extend_schema_field(LessonSummarySerializer(many=True))
    def get_lessons(self, course):
        return LessonSummarySerializer(course.lessons(), many=True, context=self.context).data


class CourseWriteSerializer(serializers.Serializer):
    """What a teacher sends to create or change a course; unknown values name their field."""

    title = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255, required=False, allow_unicode=True)
    summary = serializers.CharField(max_length=400)
    category = serializers.CharField(required=False, allow_null=True)
    type = serializers.ChoiceField(choices=CourseType.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)
    price = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    currency = serializers.ChoiceField(choices=Currency.choices, required=False)
    duration = serializers.IntegerField(min_value=0, required=False)
    submit = serializers.BooleanField(required=False, default=False, write_only=True)

    RENAMED = {"type": "course_type", "duration": "duration_hours"}

    def validate_category(self, value):
        if value in (None, ""):
            return None
        lookup = Q(slug=value) | (Q(pk=int(value)) if str(value).isdigit() else Q())
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

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_content(self, lesson) -> list:
        return lesson.content.get_prep_value()


class LessonWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=255)
    slug = serializers.SlugField(max_length=255, required=False, allow_unicode=True)
    duration_minutes = serializers.IntegerField(min_value=0, required=False)
    is_free = serializers.BooleanField(required=False)
    content = serializers.JSONField(required=False)
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
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, tutor) -> str:
        return tutor.get_url(request=self.context.get("request"))


class TutorFilterSerializer(serializers.Serializer):
    subject = serializers.CharField(required=False)
    price_min = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False
    )
    price_max = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False
    )
    rating_min = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=0, max_value=5, required=False
    )
