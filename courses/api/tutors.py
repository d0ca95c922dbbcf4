"""Categories and tutors over JSON: read-only and public."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, viewsets

from .. import levels_taught
from ..models import Category, TutorPage
from ..tutor_search import TutorFilters, TutorSearchForm, filter_tutors
from .courses import LOCALE_PARAMETER, request_locale
from .serializers import (
    CategorySerializer,
    TutorDetailSerializer,
    TutorSerializer,
)


@extend_schema_view(list=extend_schema(parameters=[LOCALE_PARAMETER]))
class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CategorySerializer
    permission_classes = [permissions.AllowAny]
    lookup_value_converter = "id"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no request
            return Category.objects.none()
        return (
            Category.objects.filter(locale=request_locale(self.request))
            .select_related("parent", "locale")
            .order_by("sort_order", "name")
        )


def _choices(field: str) -> list[str]:
    return [value for value, _label in TutorSearchForm.base_fields[field].choices]


TUTOR_PARAMETERS = [
    OpenApiParameter(
        "subject", OpenApiTypes.STR, description="category slug or id (its sub-categories too)"
    ),
    OpenApiParameter(
        "language", OpenApiTypes.STR, enum=_choices("language"), description="of the lessons"
    ),
    OpenApiParameter(
        "level",
        OpenApiTypes.STR,
        enum=[value for value, _label in levels_taught.choices()] or None,
        description="level taught (tutors who list no level teach every level)",
    ),
    OpenApiParameter(
        "price_min",
        {"type": "number", "minimum": 0},
        description="lowest price per hour in roubles (other currencies converted)",
    ),
    OpenApiParameter(
        "price_max",
        {"type": "number", "minimum": 0},
        description="highest price per hour in roubles (converted like price_min)",
    ),
    OpenApiParameter(
        "rating_min",
        {"type": "number", "minimum": 0, "maximum": 5},
        description="lowest average rating",
    ),
    OpenApiParameter(
        "weekday",
        {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 6}},
        explode=True,
        description=(
            "free on: weekly hours on any of these days (0 Monday … 6 Sunday), "
            "in the tutor's time zone; repeat the parameter for several"
        ),
    ),
    OpenApiParameter(
        "time_of_day",
        {"type": "array", "items": {"type": "string", "enum": _choices("time_of_day")}},
        explode=True,
        description="free on: weekly hours meeting any of these times of day",
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=_choices("ordering"),
        description=(
            "relevance (the tutor list's order, the default); rating: best rated first (a "
            "damped average: few reviews count for less); price / -price: per hour, converted"
        ),
    ),
    LOCALE_PARAMETER,
]


@extend_schema_view(list=extend_schema(parameters=TUTOR_PARAMETERS))
class TutorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TutorSerializer
    permission_classes = [permissions.AllowAny]
    lookup_value_converter = "id"

    def get_serializer_class(self):
        return TutorDetailSerializer if self.action == "retrieve" else TutorSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return TutorPage.objects.none()
        tutors = (
            TutorPage.objects.live()
            .public()
            .filter(locale=request_locale(self.request))
            .defer_streamfields()
            .select_related("user__teacher_profile", "locale")
            .prefetch_related("subjects__parent", "subjects__locale", "lesson_languages")
            .order_by("path")
        )
        if self.action != "list":
            return tutors
        form = TutorSearchForm(self.request.query_params)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors)
        return filter_tutors(
            tutors, TutorFilters.from_form(form), categories=Category.objects.all()
        )
