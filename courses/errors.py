"""Errors of the courses domain, in the one family of ``core.errors``."""

from core.errors import Conflict


class CourseConflict(Conflict):
    """The change is refused because of the course's state (e.g. it has learners): 409."""
