"""The course's grading scheme: read it (or the default), and its teacher's edits."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from courses.access import has_course_access
from courses.models import CoursePage

from ..computation import Rules
from ..errors import GradebookNotAllowed, InvalidScheme
from ..models import GradingScheme, default_rules
from ..permissions import require_edit_scheme

EDITABLE = (
    "weight_homework",
    "weight_tests",
    "weight_control_points",
    "weight_attendance",
    "drop_lowest_homework",
    "drop_lowest_tests",
    "drop_lowest_control_points",
    "missing_work",
    "pass_mark",
    "mark_5_from",
    "mark_4_from",
    "mark_3_from",
)
WEIGHTS = ("weight_homework", "weight_tests", "weight_control_points", "weight_attendance")


def scheme_of(course: CoursePage) -> GradingScheme | None:
    """The stored scheme of the course (any translation of it), if its teacher made one."""
    return GradingScheme.objects.filter(course__translation_key=course.translation_key).first()


def scheme_or_default(course: CoursePage) -> GradingScheme:
    """The stored scheme, or an unsaved one holding the defaults (for reading and forms)."""
    return scheme_of(course) or GradingScheme(course=course)


def read_scheme(user, course: CoursePage) -> GradingScheme:
    """The scheme as its course's people see it: the teacher, staff and the learners."""
    if not has_course_access(user, course):
        raise GradebookNotAllowed
    return scheme_or_default(course)


def rules_for(course: CoursePage) -> Rules:
    scheme = scheme_of(course)
    return scheme.rules() if scheme else default_rules()


def canonical_course(course: CoursePage) -> CoursePage:
    """The first page of the course's translations: schemes and adjustments are stored on it,
    so two teachers on two translations write the same rows."""
    return (
        CoursePage.objects.filter(translation_key=course.translation_key).order_by("pk").first()
        or course
    )


def save_scheme(user, course: CoursePage, values: Mapping[str, Any]) -> GradingScheme:
    """Change the course's scheme (made from the defaults the first time). Weights must sum
    to 100 and the cut-offs go down from "5" to "3"."""
    require_edit_scheme(user, course)
    with transaction.atomic():
        scheme = scheme_of(course)
        if scheme is None:
            scheme = GradingScheme(course=canonical_course(course))
        else:
            scheme = GradingScheme.objects.select_for_update().get(pk=scheme.pk)
        for name in EDITABLE:
            if name in values:
                setattr(scheme, name, values[name])
        validate(scheme)
        scheme.updated_by = user
        scheme.save()
    return scheme


def validate(scheme: GradingScheme) -> None:
    if sum(getattr(scheme, name) for name in WEIGHTS) != 100:
        raise InvalidScheme(field="weight_homework")
    for name in (*WEIGHTS, "pass_mark", "mark_5_from", "mark_4_from", "mark_3_from"):
        if not 0 <= getattr(scheme, name) <= 100:
            raise InvalidScheme(_("A percentage is between 0 and 100."), field=name)
    if not scheme.mark_5_from >= scheme.mark_4_from >= scheme.mark_3_from:
        raise InvalidScheme(
            _("The cut-offs must go down: “5” from, then “4”, then “3”."), field="mark_4_from"
        )
