"""Admin: the pool's accounts (a live view of who holds which), the week's peak use, and the
meetings the reconciliation ended or deleted (read only).

Staff only. Secrets are write-only: the form never renders them, a blank field keeps the
stored value, and neither the list nor its export carries them. ``wagtail_hooks`` registers
what is here.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from core.admin_columns import YesNoColumn

from . import services
from .admin_forms import ZoomAccountForm
from .app_settings import app_settings
from .models import OrphanedMeeting, ZoomAccount
from .permissions import can_manage_pool


class StaffOnlyPolicy(ModelPermissionPolicy):
    """The usual model permissions, and only ever for staff: tutors never see the pool."""

    def user_has_permission(self, user, action):
        return can_manage_pool(user) and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(actions).filter(is_staff=True)


class ReadOnlyStaffPolicy(StaffOnlyPolicy):
    """A record of what was done: staff may look, nobody adds, changes or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


def _lesson(account: ZoomAccount) -> str:
    lesson = account.current_lesson
    if lesson is None:
        return ""
    start = date_format(timezone.localtime(lesson.start), "SHORT_DATETIME_FORMAT")
    end = timezone.localtime(lesson.end)
    return f"{lesson.title} · {lesson.group} · {start}–{end:%H:%M}"


def _teacher(account: ZoomAccount) -> str:
    lesson = account.current_lesson
    if lesson is None:
        return ""
    teacher = lesson.teacher
    return teacher.get_full_name() or teacher.email


def _state(account: ZoomAccount) -> str:
    if not account.is_active:
        return pgettext("pool account", "Inactive")
    if account.is_busy and account.current_lesson_id is None:
        return pgettext("pool account", "Reserved")
    if account.is_busy:
        return pgettext("pool account", "Busy")
    return pgettext("pool account", "Free")


class ZoomAccountIndexView(IndexView):
    """Who holds which account; the listing refreshes itself every few seconds."""

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("current_lesson__teacher", "current_lesson__group")
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        counts = services.active_accounts().values_list("is_busy", flat=True)
        busy = sum(1 for value in counts if value)
        context.update(
            pool_active=len(counts),
            pool_busy=busy,
            pool_free=len(counts) - busy,
            refresh_seconds=app_settings.ZOOMPOOL_ADMIN_REFRESH_SECONDS,
            refreshed_at=timezone.localtime(),
        )
        return context


class ZoomAccountViewSet(ModelViewSet):
    model = ZoomAccount
    icon = "desktop"
    menu_label = gettext_lazy("Pool accounts")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ZoomAccountIndexView
    index_template_name = "zoompool/admin/account_index.html"
    index_results_template_name = "zoompool/admin/account_index_results.html"
    list_display = [
        "label",
        Column("state", label=gettext_lazy("State"), accessor=_state),
        Column("lesson", label=gettext_lazy("Current lesson"), accessor=_lesson),
        Column("teacher", label=gettext_lazy("Teacher"), accessor=_teacher),
        DateColumn("busy_since", label=gettext_lazy("Busy since"), sort_key="busy_since"),
        DateColumn("last_used_at", label=gettext_lazy("Last used"), sort_key="last_used_at"),
        Column("last_error", label=gettext_lazy("Last error")),
        YesNoColumn("is_active", label=gettext_lazy("Active")),
    ]
    list_filter = ["is_active", "is_busy"]
    search_fields = ["label", "account_id", "client_id", "zoom_user_id"]
    search_backend_name = None
    list_export = [
        "label",
        "account_id",
        "client_id",
        "zoom_user_id",
        "is_active",
        "is_busy",
        "current_lesson",
        "busy_since",
        "last_used_at",
        "last_error",
        "last_error_at",
    ]
    ordering = ["-is_busy", "label"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return ZoomAccountForm


class PeakUsageView(WagtailAdminTemplateMixin, TemplateView):
    """A week of the timetable, hour by hour: most lessons at once against the pool's size."""

    template_name = "zoompool/admin/peak_usage.html"
    header_icon = "time"
    page_title = gettext_lazy("Video pool: peak use")

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_pool(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def week_start(self) -> date:
        today = timezone.localdate()
        asked = self.request.GET.get("week", "")
        try:
            day = parse_date(asked) if asked else None
        except ValueError:
            day = None
        day = day or today
        return day - timedelta(days=day.weekday())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        monday = self.week_start()
        usage = services.peak_usage(monday)
        rows = []
        for hour, counts in zip(usage.hours, usage.rows, strict=True):
            cells = []
            for count in counts:
                if count == 0:
                    level = "none"
                elif count > usage.capacity:
                    level = "over"
                elif count == usage.capacity:
                    level = "full"
                else:
                    level = "some"
                cells.append({"count": count, "level": level})
            rows.append({"hour": hour, "cells": cells})
        context.update(
            usage=usage,
            rows=rows,
            week_start=monday,
            week_end=monday + timedelta(days=6),
            previous_week=(monday - timedelta(days=7)).isoformat(),
            next_week=(monday + timedelta(days=7)).isoformat(),
            this_week=(timezone.localdate() - timedelta(days=timezone.localdate().weekday())),
            over=usage.peak > usage.capacity,
        )
        return context


class OrphanedMeetingViewSet(ModelViewSet):
    """What the reconciliation found on pool accounts and did: ended, deleted, or could not."""

    model = OrphanedMeeting
    icon = "warning"
    menu_label = gettext_lazy("Orphaned meetings")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    exclude_form_fields: list[str] = []  # never edited (read-only policy)
    list_display = [
        DateColumn("at", label=gettext_lazy("When"), sort_key="at"),
        Column("meeting_id", label=gettext_lazy("Zoom meeting")),
        Column("topic", label=gettext_lazy("Topic")),
        Column("account", label=gettext_lazy("Pool account")),
        YesNoColumn("was_live", label=gettext_lazy("Was live")),
        Column(
            "action",
            label=gettext_lazy("Action"),
            accessor=lambda meeting: meeting.get_action_display(),
        ),
        Column("error", label=gettext_lazy("Error")),
    ]
    list_filter = ["action", "was_live", "account"]
    search_fields = ["meeting_id", "topic"]
    search_backend_name = None
    ordering = ["-at", "-pk"]
    list_per_page = 50

    def get_queryset(self, request):
        return OrphanedMeeting.objects.select_related("account")


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return can_manage_pool(request.user)


class PeakUsageViewSet(ViewSet):
    icon = "time"
    menu_label = gettext_lazy("Peak use")
    menu_item_class = StaffMenuItem

    def get_urlpatterns(self):
        return [path("", PeakUsageView.as_view(), name="index")]


class ZoomPoolGroup(ViewSetGroup):
    menu_label = gettext_lazy("Video pool")
    menu_icon = "desktop"
    menu_order = 330
    items = (
        ZoomAccountViewSet("zoom_accounts"),
        PeakUsageViewSet("zoom_peak_use"),
        OrphanedMeetingViewSet("zoom_orphaned_meetings"),
    )
