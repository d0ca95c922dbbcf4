"""Timetable pages: the calendar, groups, a lesson's page, attendance and the private
iCalendar feed (one module each). Every change goes through services."""

from .attendance import attendance
from .calendar import calendar, lesson_create, rule_create
from .feeds import feed, feed_delete, feed_revoke
from .groups import (
    group_add_student,
    group_create,
    group_detail,
    group_edit,
    group_remove_student,
    groups,
)
from .lessons import lesson, lesson_cancel, lesson_start, recording, rule_edit

__all__ = [
    "attendance",
    "calendar",
    "feed",
    "feed_delete",
    "feed_revoke",
    "group_add_student",
    "group_create",
    "group_detail",
    "group_edit",
    "group_remove_student",
    "groups",
    "lesson",
    "lesson_cancel",
    "lesson_create",
    "lesson_start",
    "recording",
    "rule_create",
    "rule_edit",
]
