"""Courses, lessons, categories and tutors over JSON. Rules live in courses.services."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from wagtail.models import Locale

from accounts.models import Level
from core.ranking import in_order, search_within

from . import services
from .catalog import CatalogForm, Filters, filter_courses
from .models import Category, CoursePage, CourseType, Currency, LessonPage, TutorPage


def request_locale(request) -> Locale:
    code = request.query_params.get("locale") or Locale.get_default().language_code
    locale = Locale.objects.filter(language_code=code).first()
    if locale is None:
        raise exceptions.ValidationError({"locale": ["Unknown language."]})
    return locale


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


class CourseViewSet(viewsets.ModelViewSet):
    """The catalog over JSON; teachers create and edit their courses as drafts and revisions."""

    serializer_class = CourseSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_permissions(self):
        if self.action in {"list", "retrieve"}:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CourseDetailSerializer
        if self.action in {"create", "update", "partial_update"}:
            return CourseWriteSerializer
        return CourseSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CoursePage.objects.none()
        user = self.request.user
        courses = CoursePage.objects.all()
        if self.action == "list":
            return CoursePage.objects.in_catalog(request_locale(self.request))
        if services.is_staff(user):
            return courses
        visible = Q(live=True, status__in=["published", "archived"])
        if user.is_authenticated:
            visible |= Q(owner=user) | Q(teacher=user)
        return courses.filter(visible)

    @extend_schema(
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, description=description)
            for name, description in (
                ("category", "category slug or id (its sub-categories included)"),
                ("level", "beginner | intermediate | advanced"),
                ("language", "ru | en (language of teaching)"),
                ("type", "self_paced | live_group | individual"),
                ("free", "true | false"),
                ("price_min", "lowest price"),
                ("price_max", "highest price"),
                ("rating_min", "lowest average rating, 0–5"),
                ("search", "words to look for"),
                ("ordering", "newest | popular | rating | price | -price"),
                ("locale", "ru | en: which translation of the catalog"),
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        locale = request_locale(request)
        form = CatalogForm(request.query_params, categories=Category.objects.filter(locale=locale))
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        filters = Filters.from_form(form)
        courses = filter_courses(self.get_queryset(), filters)
        query = request.query_params.get("search", "").strip()[:200]
        if query and not form.cleaned_data.get("ordering"):
            # Best match first: page through the ranked ids, then load those cards.
            ids = self.paginate_queryset(search_within(courses, query))
            page = in_order(CoursePage.objects.for_listing(), ids)
        else:
            if query:
                courses = courses.filter(pk__in=search_within(courses, query))
            page = self.paginate_queryset(courses.for_listing())
        context = {"request": request}
        return self.get_paginated_response(CourseSerializer(page, many=True, context=context).data)

    def create(self, request, *args, **kwargs):
        serializer = CourseWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        course = services.create_course(
            request.user,
            {**serializer.page_fields(), "locale": request_locale(request)},
            submit=serializer.validated_data.get("submit", False),
        )
        return Response(
            CourseDetailSerializer(course, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request, *args, **kwargs):
        course = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = CourseWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        draft = services.update_course(request.user, course, serializer.page_fields())
        if serializer.validated_data.get("submit"):
            services.submit_for_moderation(request.user, course)
        return Response(CourseDetailSerializer(draft, context={"request": request}).data)

    def destroy(self, request, *args, **kwargs):
        services.delete_course(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


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


class LessonViewSet(viewsets.GenericViewSet):
    """Lessons of a course (nested) or by id (flat). Content only for people with access."""

    serializer_class = LessonSerializer
    queryset = LessonPage.objects.none()  # objects come from _lesson(); this names the type

    def get_permissions(self):
        if self.action in {"list", "retrieve"}:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def _course(self, course_id) -> CoursePage:
        course = get_object_or_404(CoursePage.objects.select_related("teacher"), pk=course_id)
        user = self.request.user
        if not course.live and not (services.is_staff(user) or services.teaches(user, course)):
            raise exceptions.NotFound()
        return course

    def _lesson(self, lesson_id, course_id=None) -> LessonPage:
        lessons = LessonPage.objects.all()
        if course_id is not None:
            lessons = lessons.child_of(self._course(course_id))
        lesson = get_object_or_404(lessons, pk=lesson_id)
        user = self.request.user
        if not lesson.live and not (
            services.is_staff(user) or services.teaches(user, lesson.course)
        ):
            raise exceptions.NotFound()
        return lesson

    @extend_schema(responses=LessonSummarySerializer(many=True))
    def list(self, request, course_id=None):
        course = self._course(course_id)
        lessons = course.lessons()
        if services.is_staff(request.user) or services.teaches(request.user, course):
            lessons = LessonPage.objects.child_of(course).defer_streamfields().order_by("path")
        return Response(
            LessonSummarySerializer(lessons, many=True, context={"request": request}).data
        )

    @extend_schema(responses=LessonSerializer)
    def retrieve(self, request, pk=None, course_id=None):
        lesson = self._lesson(pk, course_id)
        if not services.can_view_lesson(request.user, lesson):
            return Response(
                {
                    "detail": "Enrol in the course to open this lesson.",
                    "id": lesson.pk,
                    "title": lesson.title,
                },
                status=status.HTTP_403_FORBIDDEN,
            )
        return Response(LessonSerializer(lesson, context={"request": request}).data)

    @extend_schema(request=LessonWriteSerializer, responses={201: LessonSerializer})
    def create(self, request, course_id=None):
        course = self._course(course_id)
        serializer = LessonWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lesson = services.create_lesson(
            request.user,
            course,
            serializer.page_fields(),
            publish=serializer.validated_data.get("publish", False),
        )
        return Response(
            LessonSerializer(lesson, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=LessonWriteSerializer, responses=LessonSerializer)
    def update(self, request, pk=None, course_id=None, partial=False):
        lesson = self._lesson(pk, course_id)
        serializer = LessonWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        draft = services.update_lesson(request.user, lesson, serializer.page_fields())
        return Response(LessonSerializer(draft, context={"request": request}).data)

    @extend_schema(request=LessonWriteSerializer, responses=LessonSerializer)
    def partial_update(self, request, pk=None, course_id=None):
        return self.update(request, pk=pk, course_id=course_id, partial=True)

    def destroy(self, request, pk=None, course_id=None):
        services.delete_lesson(request.user, self._lesson(pk, course_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no request
            return Category.objects.none()
        return (
            Category.objects.filter(locale=request_locale(self.request))
            .select_related("parent", "locale")
            .order_by("sort_order", "name")
        )


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


class TutorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TutorSerializer
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TutorPage.objects.none()
        tutors = (
            TutorPage.objects.live()
            .public()
            .filter(locale=request_locale(self.request))
            .defer_streamfields()
            .select_related("user__teacher_profile", "locale")
            .prefetch_related("subjects__parent", "subjects__locale")
            .order_by("path")
        )
        if self.action != "list":
            return tutors
        params = TutorFilterSerializer(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if data.get("subject"):
            value = data["subject"]
            lookup = Q(subjects__slug=value) | Q(subjects__parent__slug=value)
            if value.isdigit():
                lookup |= Q(subjects__pk=int(value)) | Q(subjects__parent__pk=int(value))
            tutors = tutors.filter(lookup).distinct()
        if data.get("price_min") is not None:
            tutors = tutors.filter(hourly_price__gte=data["price_min"])
        if data.get("price_max") is not None:
            tutors = tutors.filter(hourly_price__lte=data["price_max"])
        if data.get("rating_min") is not None:
            tutors = tutors.filter(user__teacher_profile__rating__gte=data["rating_min"])
        return tutors
