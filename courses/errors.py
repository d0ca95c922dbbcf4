"""Errors of the courses domain, in the one family of ``core.errors``."""

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict, NotAllowed


class CourseConflict(Conflict):
    """The change is refused because of the course's state (e.g. it has learners): 409."""


class LessonFileNotAllowed(NotAllowed):
    """A lesson's document or video asked for by someone without access to the lesson: 403."""

    code = "lesson_file_not_allowed"
    default_message = _("Only the course's learners can download this file.")
