"""Admin registrations of the timetable: read-only policies and the "Timetable" menu."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .admin_views import ReadOnlyPolicy, TimetableAdmin
from .models import Group, LiveLesson, RecurringLesson

for model in (Group, RecurringLesson, LiveLesson):
    register_permission_policy(model, ReadOnlyPolicy(model))


@hooks.register("register_admin_viewset")
def register_timetable():
    return TimetableAdmin()
