"""Groups, one-off and recurring lessons, exceptions to the rules, attendance, calendar feeds.

A RecurringLesson is a rule, not a lesson: its occurrences are expanded on the fly
(services/recurrence) and become a stored LiveLesson only when something is recorded against
one (starting it, attendance, homework).
"""

from .availability import Availability, AvailabilityException, AvailabilityRange
from .feeds import CalendarFeed, new_feed_token
from .groups import Group, Invitation, Membership, default_timezone, new_invitation_token
from .timetable import Attendance, LessonException, LiveLesson, RecurringLesson

__all__ = [
    "Attendance",
    "Availability",
    "AvailabilityException",
    "AvailabilityRange",
    "CalendarFeed",
    "Group",
    "Invitation",
    "LessonException",
    "LiveLesson",
    "Membership",
    "RecurringLesson",
    "default_timezone",
    "new_feed_token",
    "new_invitation_token",
]
