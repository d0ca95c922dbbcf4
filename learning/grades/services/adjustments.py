"""The teacher's changes to one learner's grades: override a cell or the final grade, excuse
an item. Each change is kept as a ``GradeChange`` (who, when, from, to, why)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.errors import Invalid
from courses.models import CoursePage

from ..errors import NotALearner, ReasonRequired, UnknownItem
from ..models import Adjustment, GradeChange
from ..permissions import require_adjust
from .gradebook import FINAL, build
from .schemes import canonical_course


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _check(user, course: CoursePage, student_id: int, item: str, reason: str) -> CoursePage:
    require_adjust(user, course, student_id)
    if not reason.strip():
        raise ReasonRequired
    # A learner of the course, and the item one of their cells (their course's, their groups').
    rows = build(course, students=[student_id]).rows
    if not rows:
        raise NotALearner
    if item != FINAL and item not in rows[0].cells:
        raise UnknownItem
    return canonical_course(course)


def _change(user, course, student_id, item, field, reason, apply) -> Adjustment:
    with transaction.atomic():
        adjustment, _created = Adjustment.objects.select_for_update().get_or_create(
            course=course, student_id=student_id, item=item
        )
        before = getattr(adjustment, field)
        apply(adjustment)
        after = getattr(adjustment, field)
        if before != after:
            adjustment.reason = reason
            adjustment.updated_by = user
            adjustment.save()
            GradeChange.objects.create(
                course=course,
                student_id=student_id,
                item=item,
                field=field,
                old_value=_text(before),
                new_value=_text(after),
                reason=reason,
                changed_by=user,
            )
    return adjustment


def override(
    user, course: CoursePage, student_id: int, item: str, percent: Decimal | None, reason: str
) -> Adjustment:
    """Set (or, with None, lift) the learner's percentage for an item or for ``final``."""
    if percent is not None and not Decimal(0) <= percent <= Decimal(100):
        raise Invalid(_("A percentage is between 0 and 100."), field="percent")
    course = _check(user, course, student_id, item, reason)

    def apply(adjustment: Adjustment) -> None:
        adjustment.override = None if percent is None else percent.quantize(Decimal("0.01"))

    return _change(user, course, student_id, item, GradeChange.Field.OVERRIDE, reason, apply)


def excuse(
    user, course: CoursePage, student_id: int, item: str, excused: bool, reason: str
) -> Adjustment:
    """Excuse the learner from an item (it leaves their average), or take the excuse back."""
    if item == FINAL:
        raise UnknownItem
    course = _check(user, course, student_id, item, reason)

    def apply(adjustment: Adjustment) -> None:
        adjustment.excused = excused

    return _change(user, course, student_id, item, GradeChange.Field.EXCUSED, reason, apply)
