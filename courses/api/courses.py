"""The catalog over JSON: courses (teachers create and edit theirs as drafts and revisions)
and their lessons. Rules live in courses.permissions, checked by courses.services."""

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.response import Response
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from core import sites
from core.ranking import search_within

from .. import card_cache, services
from .. import permissions as rules
from ..catalog import CatalogForm, Filters, filter_courses
from ..learners import access_ended
from ..models import Category, CoursePage, LessonPage
from .serializers import (
    CARD_COLUMNS,
    CourseDetailSerializer,
    CourseSerializer,
    CourseWriteSerializer,
    LessonSerializer,
    LessonSummarySerializer,
    LessonWriteSerializer,
    course_cards,
)

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LOCALE_PARAMETER = OpenApiParameter(
    "locale", OpenApiTypes.STR, enum=LANGUAGE_CODES, description="which translation (default ru)"
)


def request_locale(request) -> Locale:
    """The ``locale`` parameter's Locale (the default language's without it), from the site
    directory (core.sites) once per request (a list asked for it twice, with two queries each
    time)."""
    locale = getattr(request, "_ustat_locale", None)
    if locale is not None:
        return locale
    # The default's code as Locale.get_default() reads it, without its query.
    code = request.query_params.get("locale") or get_supported_content_language_variant(
        settings.LANGUAGE_CODE
    )
    # Only a known code is looked up, in the site directory (no query; a NUL byte in a query
    # crashed PostgreSQL's driver).
    locale = sites.current().locales.get(code) if code in LANGUAGE_CODES else None
    if locale is None:
        raise exceptions.ValidationError({"locale": [_("Unknown language.")]})
    request._ustat_locale = locale
    return locale


def listing_cards(courses: QuerySet[CoursePage]) -> QuerySet:
    """What a course in the API's list reads (``course_cards``' rows): its columns and its
    teacher's, category's and parent category's, in one query, without models."""
    return courses.values_list(*CARD_COLUMNS)


class CardRows:
    """``listing_cards(courses)`` for the paginator: a page's rows with their joins, the count
    without them (the same number: each join finds one row at most)."""

    def __init__(self, courses: QuerySet[CoursePage]) -> None:
        self.courses = courses
        self.ordered = courses.ordered

    def count(self) -> int:
        return self.courses.count()

    def __getitem__(self, index):
        return listing_cards(self.courses)[index]


def _choices(field: str) -> list[str]:
    return [value for value, _label in CatalogForm.base_fields[field].choices]


CATALOG_PARAMETERS = [
    OpenApiParameter(
        "category", OpenApiTypes.STR, description="category slug or id (its sub-categories too)"
    ),
    OpenApiParameter("level", OpenApiTypes.STR, enum=_choices("level")),
    OpenApiParameter(
        "language", OpenApiTypes.STR, enum=_choices("language"), description="of teaching"
    ),
    OpenApiParameter("type", OpenApiTypes.STR, enum=_choices("type")),
    OpenApiParameter("free", OpenApiTypes.BOOL),
    OpenApiParameter(
        "price_min",
        {"type": "number", "minimum": 0},
        description="lowest price in roubles (other currencies converted, as for sorting)",
    ),
    OpenApiParameter(
        "price_max",
        {"type": "number", "minimum": 0},
        description="highest price in roubles (converted like price_min)",
    ),
    OpenApiParameter(
        "rating_min",
        {"type": "number", "minimum": 0, "maximum": 5},
        description="lowest average rating",
    ),
    OpenApiParameter("search", OpenApiTypes.STR, description="words to look for"),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=_choices("ordering"),
        description="newest first by default; best match first when searching",
    ),
    LOCALE_PARAMETER,
]


# A lesson the requester may not open yet: the error, and which lesson it is.
LOCKED_LESSON = inline_serializer(
    "LockedLesson",
    {
        "detail": serializers.CharField(),
        "code": serializers.CharField(),
        "id": serializers.IntegerField(),
        "title": serializers.CharField(),
    },
)


class CourseViewSet(viewsets.ModelViewSet):
    """The catalog over JSON; teachers create and edit their courses as drafts and revisions."""

    serializer_class = CourseSerializer
    lookup_value_converter = "id"
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
        if rules.is_staff(user):
            return courses
        visible = Q(live=True, status__in=["published", "archived"])
        if user.is_authenticated:
            visible |= Q(owner=user) | Q(teacher=user)
        return courses.filter(visible)

    @extend_schema(parameters=CATALOG_PARAMETERS)
    def list(self, request, *args, **kwargs):
        # The same address answers the same page to everyone: kept in the shared cache until
        # a write changes what it shows (courses.card_cache).
        cached = card_cache.entry(request)
        if cached is not None and cached.value is not None:
            return Response(cached.value)
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
            rows = {row[0]: row for row in listing_cards(CoursePage.objects.filter(pk__in=ids))}
            page = [rows[pk] for pk in ids if pk in rows]
        else:
            if query:
                courses = courses.filter(pk__in=search_within(courses, query))
            page = self.paginate_queryset(CardRows(courses))
        # Plain dicts, the same as CourseSerializer's (a test holds them equal): its field
        # machinery cost more than the queries for a page of 20.
        response = self.get_paginated_response(course_cards(page, request))
        if cached is not None:
            cached.store(response.data)
        return response

    @extend_schema(
        request=CourseWriteSerializer,
        responses={201: CourseDetailSerializer},
        parameters=[LOCALE_PARAMETER],
        description="A draft course under the catalog of ``locale``, taught by the caller.",
    )
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

    @extend_schema(
        request=CourseWriteSerializer,
        responses=CourseDetailSerializer,
        description="Saves the changes as a new revision (the draft is answered); what is live "
        "changes when it is published.",
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

    @extend_schema(request=CourseWriteSerializer, responses=CourseDetailSerializer)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.delete_course(request.user, self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class LessonViewSet(viewsets.GenericViewSet):
    """Lessons of a course (nested) or by id (flat). Content only for people with access."""

    serializer_class = LessonSerializer
    queryset = LessonPage.objects.none()  # objects come from _lesson(); this names the type
    pagination_class = None  # a course's lessons come as one list

    def get_permissions(self):
        if self.action in {"list", "retrieve"}:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def _course(self, course_id) -> CoursePage:
        course = get_object_or_404(CoursePage.objects.select_related("teacher"), pk=course_id)
        user = self.request.user
        if not course.live and not rules.can_see_unpublished(user, course):
            raise exceptions.NotFound()
        return course

    def _lesson(self, lesson_id, course_id=None) -> LessonPage:
        lessons = LessonPage.objects.all()
        if course_id is not None:
            lessons = lessons.child_of(self._course(course_id))
        lesson = get_object_or_404(lessons, pk=lesson_id)
        user = self.request.user
        if not lesson.live and not rules.can_see_unpublished(user, lesson.course):
            raise exceptions.NotFound()
        return lesson

    @extend_schema(responses=LessonSummarySerializer(many=True))
    def list(self, request, course_id=None):
        course = self._course(course_id)
        lessons = course.lessons()
        if rules.can_see_unpublished(request.user, course):
            lessons = LessonPage.objects.child_of(course).defer_streamfields().order_by("path")
        return Response(
            LessonSummarySerializer(lessons, many=True, context={"request": request}).data
        )

    @extend_schema(
        responses={
            200: LessonSerializer,
            403: OpenApiResponse(
                LOCKED_LESSON,
                description="The lesson is for the course's learners (code not_enrolled; "
                "access_ended when the person's enrollment has expired).",
            ),
        }
    )
    def retrieve(self, request, pk=None, course_id=None):
        lesson = self._lesson(pk, course_id)
        if not services.can_view_lesson(request.user, lesson):
            ended = access_ended(request.user, lesson.course) is not None
            return Response(
                {
                    "detail": _(
                        "Your access to this course has ended: renew it to open this lesson."
                    )
                    if ended
                    else _("Enrol in the course to open this lesson."),
                    "code": "access_ended" if ended else "not_enrolled",
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
