"""Staff overview of groups, weekly rules and stored lessons in the admin ("Timetable").

Read only: every change of the timetable goes through services (clash checks, course access
of group members, exceptions kept in step), which the site's pages and the API call.
``wagtail_hooks`` registers what is here.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Group, LiveLesson, RecurringLesson


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Viewing only, for whoever could otherwise edit the model."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return any(
            super(ReadOnlyPolicy, self).user_has_permission(user, name)
            for name in ("view", "change")
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class RelatedIndexView(IndexView):
    """The list with its related rows joined (and group sizes counted) in one query."""

    related = ("group", "teacher")

    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related(*self.related)
        if self.model is Group:
            queryset = queryset.annotate(students_count=Count("memberships"))
        return queryset


class ReadOnlyViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    list_per_page = 50
    related: tuple[str, ...] = ("group", "teacher")

    @property
    def index_view_class(self):
        return type("IndexView", (RelatedIndexView,), {"related": self.related})


class GroupAdmin(ReadOnlyViewSet):
    model = Group
    icon = "group"
    menu_label = _("Groups")
    related = ("teacher", "course")
    list_display = [
        "name",
        "teacher",
        "course",
        Column("students_count", label=_("Students")),
        "created_at",
    ]
    list_filter = ["created_at"]
    search_fields = ["name", "teacher__email", "teacher__last_name"]
    list_export = ["name", "teacher", "course", "created_at"]
    form_fields = ["name", "colour"]


class RuleAdmin(ReadOnlyViewSet):
    model = RecurringLesson
    icon = "date"
    menu_label = _("Recurring lessons")
    list_display = [
        "title",
        "group",
        "teacher",
        "weekday",
        "week_type",
        "start_time",
        "end_time",
        "start_date",
        "end_date",
    ]
    list_filter = ["weekday", "week_type", "start_date"]
    search_fields = ["title", "group__name", "teacher__email"]
    list_export = ["title", "group", "teacher", "weekday", "week_type", "start_date", "end_date"]
    form_fields = ["title"]


class LessonAdmin(ReadOnlyViewSet):
    model = LiveLesson
    icon = "time"
    menu_label = _("Live lessons")
    list_display = ["title", "group", "teacher", "start", "end", "status"]
    list_filter = ["status", "start"]
    search_fields = ["title", "group__name", "teacher__email"]
    list_export = ["title", "group", "teacher", "start", "end", "status"]
    form_fields = ["title"]


class TimetableAdmin(ModelViewSetGroup):
    menu_label = _("Timetable")
    menu_icon = "date"
    menu_order = 320
    items = (
        GroupAdmin("schedule_groups"),
        RuleAdmin("schedule_rules"),
        LessonAdmin("live_lessons"),
    )
