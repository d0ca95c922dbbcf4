"""The timetable API's views, one module per concern; ``api/__init__.py`` routes them."""

from .calendar import CalendarFeedRotateView, CalendarFeedView, EventsView
from .groups import GroupViewSet, InvitationViewSet
from .timetable import LiveLessonViewSet, RuleViewSet

__all__ = [
    "CalendarFeedRotateView",
    "CalendarFeedView",
    "EventsView",
    "GroupViewSet",
    "InvitationViewSet",
    "LiveLessonViewSet",
    "RuleViewSet",
]
