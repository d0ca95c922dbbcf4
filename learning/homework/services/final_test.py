"""The course's final test: passing it is one of the course's completion requirements
(registered with learning.enrollment in HomeworkConfig.ready)."""

from __future__ import annotations

from django.db.models import QuerySet

from courses.models import CoursePage

from ..models import Homework, Submission


def final_tests(course: CoursePage) -> QuerySet[Homework]:
    return Homework.objects.filter(
        course__translation_key=course.translation_key, is_final_test=True
    )


def final_test_passed(user, course: CoursePage) -> bool:
    """True when the course has no final test, or the person passed it (any translation)."""
    tests = final_tests(course)
    if not tests.exists():
        return True
    return Submission.objects.filter(student=user, homework__in=tests, passed=True).exists()
