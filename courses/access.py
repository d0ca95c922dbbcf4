"""Who may open a course's lessons: the rules the page models themselves need.

Kept apart from ``courses.permissions`` (which knows the page classes) so that the models can
use them without a cycle; they read only the objects' attributes. Whether someone is enrolled
comes from the enrollment app through ``courses.learners``.
"""

from __future__ import annotations

from core.permissions import is_signed_in, is_staff

from .learners import is_enrolled


def teaches(user, course) -> bool:
    """The course's teacher, or its owner (the tutor who built it)."""
    return is_signed_in(user) and user.pk in (course.teacher_id, course.owner_id)


def can_see_unpublished(user, course) -> bool:
    """Staff and the course's teacher see its drafts and unpublished lessons."""
    return is_staff(user) or teaches(user, course)


def has_course_access(user, course) -> bool:
    """Whether this person may open every lesson of the course.

    Staff and the course's teacher always may; learners with an active or completed
    enrollment (of any translation of the course) may.
    """
    return can_see_unpublished(user, course) or is_enrolled(user, course)


def can_view_lesson(user, lesson, course=None) -> bool:
    """A free preview is open to everyone; the rest to people with access to the course."""
    return lesson.is_free or has_course_access(user, course or lesson.course)
