"""Who reads which report: a course's teacher (or owner) their course, a teacher their own
report, staff everything (the school report only them)."""

from __future__ import annotations

from core.permissions import is_signed_in, is_staff
from courses.access import teaches

from .errors import NoSuchTeacher, ReportNotAllowed


def can_read_course(user, course) -> bool:
    return is_staff(user) or teaches(user, course)


def can_read_teacher(user, teacher) -> bool:
    return is_staff(user) or (is_signed_in(user) and user.pk == teacher.pk)


def can_read_school(user) -> bool:
    return is_staff(user)


def require_course(user, course) -> None:
    if not can_read_course(user, course):
        raise ReportNotAllowed


def require_teacher(user, teacher) -> None:
    if not can_read_teacher(user, teacher):
        raise ReportNotAllowed
    if not teacher.is_teacher:
        raise NoSuchTeacher


def require_school(user) -> None:
    if not can_read_school(user):
        raise ReportNotAllowed
