"""Reading grades with the permission checks: a course's or a group's gradebook (its
teachers and staff), one learner's own grades, the history of changes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.timezone import localtime

from courses.models import CoursePage
from learning.enrollment.models import Enrollment
from learning.homework.models import Homework
from learning.schedule.models import Group, LiveLesson

from ..errors import GradesNotFound, GroupWithoutCourse
from ..models import GradeChange
from ..permissions import require_adjust, require_course_gradebook, require_group_gradebook
from .gradebook import Gradebook, build


def read_course(user, course: CoursePage, *, now: datetime | None = None) -> Gradebook:
    require_course_gradebook(user, course)
    return build(course, now=now)


def read_group(user, group: Group, *, now: datetime | None = None) -> Gradebook:
    require_group_gradebook(user, group)
    if group.course is None:
        raise GroupWithoutCourse
    return build(group.course, group=group, now=now)


def my_grades(user, course: CoursePage, *, now: datetime | None = None) -> Gradebook:
    """The person's own grades: the course's gradebook with their row only (they studied it:
    not refunded)."""
    studied = (
        user.is_authenticated
        and Enrollment.objects.filter(course__translation_key=course.translation_key, user=user)
        .exclude(status=Enrollment.Status.REFUNDED)
        .exists()
    )
    if not studied:
        raise GradesNotFound
    book = build(course, students=[user.pk], now=now)
    if not book.rows:
        raise GradesNotFound
    return book


def _changes(course: CoursePage) -> QuerySet[GradeChange]:
    return GradeChange.objects.filter(
        course__translation_key=course.translation_key
    ).select_related("student", "changed_by")


def history(user, course: CoursePage, *, student_id: int | None = None) -> QuerySet[GradeChange]:
    """Changes to grades in the course, latest first: all of them (for the course's teacher
    and staff) or one learner's (for anyone who may adjust their grades)."""
    if student_id is None:
        require_course_gradebook(user, course)
        return _changes(course)
    require_adjust(user, course, student_id)
    return _changes(course).filter(student_id=student_id)


def group_history(user, group: Group) -> QuerySet[GradeChange]:
    """Changes to the grades of the group's members in its course, latest first."""
    require_group_gradebook(user, group)
    if group.course is None:
        raise GroupWithoutCourse
    return _changes(group.course).filter(student__group_memberships__group=group)


def course_groups(course: CoursePage) -> dict[int, str]:
    """The groups of the course (any translation of it), by id: the gradebook's group filter."""
    return dict(
        Group.objects.filter(course__translation_key=course.translation_key)
        .order_by("name", "pk")
        .values_list("pk", "name")
    )


def gradebooks_for(user) -> tuple[list[CoursePage], list[Group]]:
    """The gradebooks a teacher opens: the courses they teach or own (one page per course,
    whatever its translations) and the groups of a course they teach or whose course they
    teach. Two queries."""
    if not user.is_authenticated:
        return [], []
    courses: dict = {}
    for page in (
        CoursePage.objects.filter(Q(teacher=user) | Q(owner=user))
        .defer_streamfields()
        .order_by("title", "pk")
    ):
        courses.setdefault(page.translation_key, page)
    groups = list(
        Group.objects.filter(course__isnull=False)
        .filter(Q(teacher=user) | Q(course__teacher=user) | Q(course__owner=user))
        .select_related("course")
        .order_by("name", "pk")
        .distinct()
    )
    return list(courses.values()), groups


def item_titles(keys: Iterable[str]) -> dict[str, str]:
    """The titles of items named by their keys (``homework:<id>``, ``lesson:<id>``), for a
    page of the history: two queries whatever the page's length."""
    ids: dict[str, set[int]] = {"homework": set(), "lesson": set()}
    for key in keys:
        kind, _sep, pk = key.partition(":")
        if kind in ids and pk.isdigit():
            ids[kind].add(int(pk))
    titles = {}
    if ids["homework"]:
        for pk, title in Homework.objects.filter(pk__in=ids["homework"]).values_list("pk", "title"):
            titles[f"homework:{pk}"] = title
    if ids["lesson"]:
        for pk, title, start in LiveLesson.objects.filter(pk__in=ids["lesson"]).values_list(
            "pk", "title", "start"
        ):
            titles[f"lesson:{pk}"] = (
                f"{title} · {formats.date_format(localtime(start), 'SHORT_DATE_FORMAT')}"
            )
    return titles
