"""Timetable pages: the calendar, groups, invitations and join links, a lesson's page,
attendance and the private iCalendar feed (one module each). Every change goes through
services."""

from .attendance import attendance
from .availability import availability
from .calendar import calendar, lesson_create, rule_create
from .feeds import feed, feed_delete, feed_revoke
from .groups import (
    group_create,
    group_detail,
    group_edit,
    group_invite,
    group_join_code,
    group_join_with_code,
    group_remove_student,
    groups,
    invitation_revoke,
)
from .invitations import invitation, invitation_answer, join
from .lessons import lesson, lesson_cancel, lesson_start, recording, rule_edit

__all__ = [
    "attendance",
    "availability",
    "calendar",
    "feed",
    "feed_delete",
    "feed_revoke",
    "group_create",
    "group_detail",
    "group_edit",
    "group_invite",
    "group_join_code",
    "group_join_with_code",
    "group_remove_student",
    "groups",
    "invitation",
    "invitation_answer",
    "invitation_revoke",
    "join",
    "lesson",
    "lesson_cancel",
    "lesson_create",
    "lesson_start",
    "recording",
    "rule_create",
    "rule_edit",
]
