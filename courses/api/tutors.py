"""Categories and tutors over JSON: read-only and public."""

from django.db.models import Q
from rest_framework import permissions, viewsets

from ..models import Category, TutorPage
from .courses import request_locale
from .serializers import CategorySerializer, TutorFilterSerializer, TutorSerializer


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
