"""Categories and tutors over JSON: read-only and public."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets

from accounts.models import TeacherProfile
from core.ids import parse_id

from .. import ratings
from ..models import Category, TutorPage
from .courses import LOCALE_PARAMETER, request_locale
from .serializers import (
    CategorySerializer,
    TutorDetailSerializer,
    TutorFilterSerializer,
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


@extend_schema_view(list=extend_schema(parameters=[LOCALE_PARAMETER, TutorFilterSerializer]))
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
            if (number := parse_id(value)) is not None:
                lookup |= Q(subjects__pk=number) | Q(subjects__parent__pk=number)
            tutors = tutors.filter(lookup).distinct()
        if data.get("price_min") is not None:
            tutors = tutors.filter(hourly_price__gte=data["price_min"])
        if data.get("price_max") is not None:
            tutors = tutors.filter(hourly_price__lte=data["price_max"])
        if data.get("rating_min") is not None:
            tutors = tutors.filter(user__teacher_profile__rating__gte=data["rating_min"])
        if data.get("ordering") == "rating":
            # The damped average (courses.ratings); the plain mean is what the item shows.
            mean = ratings.tutor_mean(TeacherProfile.objects.all())
            tutors = tutors.alias(
                rating_rank=ratings.damped(
                    mean,
                    average="user__teacher_profile__rating",
                    count="user__teacher_profile__reviews_count",
                )
            ).order_by(ratings.best_rated(), "-user__teacher_profile__reviews_count", "path")
        return tutors
