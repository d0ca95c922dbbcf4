"""Who may see and change grades.

- A course's gradebook: staff and the course's teacher (or owner).
- A group's gradebook: staff, the group's teacher and the teacher of the group's course.
- A learner's item (override, excuse, history): those who may read the course's gradebook,
  and the teacher of a group of that course the learner is in.
- A learner reads only their own grades (``services.my_grades``).
"""

from __future__ import annotations

from core.permissions import is_signed_in, is_staff
from courses.access import teaches
from courses.models import CoursePage
from learning.schedule.models import Group, Membership

from .errors import GradebookNotAllowed


def can_read_course_gradebook(user, course: CoursePage) -> bool:
    return is_staff(user) or teaches(user, course)


def can_read_group_gradebook(user, group: Group) -> bool:
    if not is_signed_in(user):
        return False
    if is_staff(user) or group.teacher_id == user.pk:
        return True
    return group.course is not None and teaches(user, group.course)


def can_adjust(user, course: CoursePage, student_id: int) -> bool:
    """Change (or read the history of) one learner's grades in the course."""
    if not is_signed_in(user):
        return False
    if can_read_course_gradebook(user, course):
        return True
    return Membership.objects.filter(
        student_id=student_id,
        group__teacher=user,
        group__course__translation_key=course.translation_key,
    ).exists()


def can_edit_scheme(user, course: CoursePage) -> bool:
    return can_read_course_gradebook(user, course)


def require_course_gradebook(user, course: CoursePage) -> None:
    if not can_read_course_gradebook(user, course):
        raise GradebookNotAllowed


def require_group_gradebook(user, group: Group) -> None:
    if not can_read_group_gradebook(user, group):
        raise GradebookNotAllowed


def require_adjust(user, course: CoursePage, student_id: int) -> None:
    if not can_adjust(user, course, student_id):
        raise GradebookNotAllowed


def require_edit_scheme(user, course: CoursePage) -> None:
    if not can_edit_scheme(user, course):
        raise GradebookNotAllowed
