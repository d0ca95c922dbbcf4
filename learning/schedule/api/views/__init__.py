"""The timetable API's views, one module per concern; ``api/__init__.py`` routes them."""

from .availability import AvailabilityView, FreeSlotsView
from .calendar import CalendarFeedRotateView, CalendarFeedView, EventsView
from .groups import GroupViewSet, InvitationViewSet
from .timetable import LiveLessonViewSet, RuleViewSet

__all__ = [
    "AvailabilityView",
    "FreeSlotsView",
    "CalendarFeedRotateView",
    "CalendarFeedView",
    "EventsView",
    "GroupViewSet",
    "InvitationViewSet",
    "LiveLessonViewSet",
    "RuleViewSet",
]
