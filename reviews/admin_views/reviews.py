"""The Reviews listing: filters (status, target, rating, date, reported, pinned) and the
inspect view."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from core.admin_columns import YesNoColumn

from .. import permissions
from ..models import Review
from .common import (
    PendingMenuItem,
    action_buttons,
    excerpt,
    not_about,
    stars_text,
    target_label,
)


class ReviewFilterSet(WagtailFilterSet):
    target = django_filters.ChoiceFilter(
        label=gettext_lazy("Reviewed"),
        choices=[("course", gettext_lazy("Courses")), ("tutor", gettext_lazy("Tutors"))],
        method="filter_target",
        empty_label=gettext_lazy("Courses and tutors"),
    )
    reported = django_filters.BooleanFilter(
        label=gettext_lazy("Reported"), method="filter_reported"
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Written"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Review
        fields = ["status", "target", "rating", "reported", "pinned", "created_at"]

    def filter_target(self, queryset, name, value):
        if value == "course":
            return queryset.filter(course__isnull=False)
        if value == "tutor":
            return queryset.filter(tutor__isnull=False)
        return queryset

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(open_reports__gt=0) if value else queryset.filter(open_reports=0)


class ReviewIndexView(IndexView):
    def get_edit_url(self, instance):
        return None  # moderation is approve, reject and pin: rows open the inspect view

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "text",
            label=gettext_lazy("Review"),
            accessor=excerpt,
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(not_about(self.request.user))
            .select_related("author", "course", "tutor")
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, "review", instance, 40),
        ]


class ReviewInspectView(InspectView):
    def get_edit_url(self):
        return None

    def get_object(self, queryset=None):
        review = super().get_object(queryset)
        if not permissions.can_moderate(self.request.user, review):
            raise PermissionDenied
        return review

    @cached_property
    def header_more_buttons(self):
        self.object.open_reports = self.object.reports.filter(resolved_at__isnull=True).count()
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, "review", self.object, 30),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = list(self.object.reports.select_related("reporter"))
        return context


class ReviewViewSet(ModelViewSet):
    model = Review
    url_prefix = "reviews"
    url_namespace = "reviews_admin"
    icon = "openquote"
    menu_label = gettext_lazy("Reviews")
    menu_order = 100
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReviewIndexView
    inspect_view_class = ReviewInspectView
    menu_item_class = PendingMenuItem
    list_display = [
        "text",
        Column("target", label=gettext_lazy("Reviewed"), accessor=target_label),
        "author",
        Column("rating", label=gettext_lazy("Rating"), sort_key="rating", accessor=stars_text),
        "status",
        Column("open_reports", label=gettext_lazy("Open reports"), sort_key="open_reports"),
        YesNoColumn("pinned", label=gettext_lazy("Pinned"), sort_key="pinned"),
        "created_at",
    ]
    filterset_class = ReviewFilterSet
    search_fields = ["text", "author__email", "author__first_name", "author__last_name"]
    search_backend_name = None
    inspect_view_fields = [
        "course",
        "tutor",
        "author",
        "rating",
        "text",
        "language",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "updated_at",
        "published_at",
        "pinned",
    ]
    inspect_template_name = "reviews/admin/inspect.html"
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()
