"""The timetable's operations: groups, reading the timetable, conflicts, one-off lessons,
weekly rules, attendance, calendar feeds and reminders (one module each).

Pages, the API, the demo loader and the video pool call these; every rule is enforced here.
"""

from ..errors import Conflict, NotFound
from ..permissions import (
    can_create_groups,
    can_edit_occurrence,
    can_manage_group,
    can_view_group,
    is_member,
    occurrence_editor,
)
from .attendance import ATTENDANCE_FROM, attendance_for, mark_attendance
from .conflicts import RULE_CAPACITY_CHECKS
from .feeds import (
    feed_for,
    feed_of,
    find_feed,
    revoke_feed,
    rotate_feed,
    user_for_feed,
)
from .groups import (
    DEFAULT_COLOUR,
    add_student,
    create_group,
    delete_group,
    find_user_by_email,
    groups_for,
    remove_student,
    update_group,
)
from .lessons import LESSON_FIELDS, cancel_lesson, create_lesson, update_lesson
from .reminders import reminder_key, reminder_minutes, send_reminders
from .rules import (
    RULE_FIELDS,
    cancel_occurrence,
    create_rule,
    delete_rule,
    move_occurrence,
    replace_rule,
    update_rule_from,
)
from .timetable import (
    MAX_LESSON,
    Narrowing,
    all_occurrences,
    calendar_for,
    lesson_by_key,
    lesson_for_occurrence,
    lessons_for,
    occurrence_by_key,
    occurrences_for,
    rules_for,
)

__all__ = [
    "ATTENDANCE_FROM",
    "DEFAULT_COLOUR",
    "LESSON_FIELDS",
    "MAX_LESSON",
    "Narrowing",
    "RULE_CAPACITY_CHECKS",
    "RULE_FIELDS",
    "Conflict",
    "NotFound",
    "add_student",
    "all_occurrences",
    "attendance_for",
    "calendar_for",
    "can_create_groups",
    "can_edit_occurrence",
    "can_manage_group",
    "can_view_group",
    "cancel_lesson",
    "cancel_occurrence",
    "create_group",
    "create_lesson",
    "create_rule",
    "delete_group",
    "delete_rule",
    "feed_for",
    "feed_of",
    "find_feed",
    "find_user_by_email",
    "groups_for",
    "is_member",
    "lesson_by_key",
    "lesson_for_occurrence",
    "lessons_for",
    "mark_attendance",
    "move_occurrence",
    "occurrence_by_key",
    "occurrence_editor",
    "occurrences_for",
    "reminder_key",
    "reminder_minutes",
    "remove_student",
    "replace_rule",
    "revoke_feed",
    "rotate_feed",
    "rules_for",
    "send_reminders",
    "update_group",
    "update_lesson",
    "update_rule_from",
    "user_for_feed",
]
