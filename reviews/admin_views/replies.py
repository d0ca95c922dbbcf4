"""The Replies listing and its inspect view."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from .. import permissions
from ..models import ReviewReply
from .common import ModeratorMenuItem, action_buttons, excerpt


class ReplyFilterSet(WagtailFilterSet):
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Written"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ReviewReply
        fields = ["status", "created_at"]


class ReplyIndexView(IndexView):
    def get_edit_url(self, instance):
        return None

    @cached_property
    def columns(self):
        title = self._get_title_column_class(TitleColumn)(
            "text",
            label=gettext_lazy("Reply"),
            accessor=excerpt,
            get_url=self.get_inspect_url,
        )
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        user = self.request.user
        return (
            super()
            .get_base_queryset()
            .exclude(review__tutor=user)
            .exclude(review__course__teacher=user)
            .exclude(review__course__owner=user)
            .select_related("author", "review__author", "review__course", "review__tutor")
        )

    def get_list_more_buttons(self, instance):
        return [
            *super().get_list_more_buttons(instance),
            *action_buttons(self.request.user, "reply", instance, 40),
        ]


class ReplyInspectView(InspectView):
    def get_edit_url(self):
        return None

    def get_object(self, queryset=None):
        reply = super().get_object(queryset)
        if not permissions.can_moderate(self.request.user, reply):
            raise PermissionDenied
        return reply

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *action_buttons(self.request.user, "reply", self.object, 30),
        ]


class ReplyViewSet(ModelViewSet):
    model = ReviewReply
    url_prefix = "reviews/replies"
    url_namespace = "review_replies_admin"
    icon = "comment"
    menu_label = gettext_lazy("Replies")
    menu_order = 200
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = ReplyIndexView
    inspect_view_class = ReplyInspectView
    menu_item_class = ModeratorMenuItem
    list_display = [
        "text",
        Column("review", label=gettext_lazy("To the review"), accessor=lambda r: excerpt(r.review)),
        "author",
        "status",
        "created_at",
    ]
    filterset_class = ReplyFilterSet
    search_fields = ["text", "author__email"]
    search_backend_name = None
    inspect_view_fields = [
        "review",
        "author",
        "text",
        "status",
        "rejection_reason",
        "moderated_by",
        "moderated_at",
        "created_at",
        "published_at",
    ]
    list_per_page = 50

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        return super().get_permissions_to_register().none()
