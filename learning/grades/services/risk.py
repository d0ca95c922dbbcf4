"""Learners at risk: why each learner of a gradebook may need the teacher's attention.

    reasons = at_risk(book)          # {student_id: [Reason, …]}, only learners at risk
    for reason in reasons.get(row.student.pk, []):
        reason.code, reason.text     # "attendance", "Attendance 55 % (below 70 %)"

Computed from the ``Gradebook`` alone (no queries), so a dashboard that has built a gradebook
gets its at-risk learners for free; learners who completed the course are never at risk.
The rules, with their thresholds in ``app_settings``:

- ``attendance``: of the lessons held so far and marked for the learner (present, late or
  absent; excused and unmarked lessons leave the count), the share attended (present or late)
  is below ``GRADES_RISK_ATTENDANCE_BELOW`` %.
- ``missed_deadlines``: ``GRADES_RISK_MISSED_DEADLINES`` or more items with a due date that
  has passed, nothing handed in (an attempt still in progress counts as nothing), not excused
  and not overridden by the teacher.
- ``trend_down``: the final grade counting only the items due (lessons: held) up to
  ``GRADES_RISK_TREND_DAYS`` days ago, against the final grade now, fell by
  ``GRADES_RISK_TREND_DROP`` points or more. Both are computed with the course's scheme from
  today's scores (a late grade lifts both) and without the teacher's final-grade override;
  items without a due date count in both. No history of grades is kept, so this is not "the
  grade shown two weeks ago" but "the work of the last two weeks pulled the grade down",
  which is what a teacher can act on; a learner with nothing due back then has no trend.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..app_settings import app_settings
from ..computation import Category, ItemState, final_grade
from .gradebook import Column, Gradebook, Row

ATTENDANCE = "attendance"
MISSED_DEADLINES = "missed_deadlines"
TREND_DOWN = "trend_down"


@dataclass(frozen=True)
class Reason:
    """One reason a learner is at risk: a stable ``code`` and a sentence for people."""

    code: str  # attendance, missed_deadlines, trend_down
    text: str  # in the active language, with the figures
    value: Decimal  # the learner's figure: attendance %, deadlines missed, points dropped
    threshold: Decimal


def at_risk(book: Gradebook) -> dict[int, list[Reason]]:
    """The reasons each learner of ``book`` is at risk, by student id; learners with none
    are left out. No queries."""
    now = book.now or timezone.now()
    found = {}
    for row in book.rows:
        if row.completed:
            continue  # a learner who completed the course is done, not at risk
        reasons = [
            reason
            for reason in (
                _attendance(row, book.columns),
                _missed(row, book.columns),
                _trend(row, book, now),
            )
            if reason is not None
        ]
        if reasons:
            found[row.student.pk] = reasons
    return found


def _fmt(value: Decimal) -> str:
    # 55 rather than 55.00; one decimal only where it says something.
    return f"{value.quantize(Decimal('0.1')).normalize():f}"


def _attendance(row: Row, columns: list[Column]) -> Reason | None:
    marked = attended = 0
    for column in columns:
        if column.category != Category.ATTENDANCE:
            continue
        cell = row.cells.get(column.key)
        if cell is None or cell.excused or cell.result is None:
            continue
        if cell.result.state != ItemState.GRADED:  # not marked
            continue
        marked += 1
        attended += 1 if cell.percent else 0
    if not marked:
        return None
    share = Decimal(100 * attended) / marked
    below = Decimal(app_settings.GRADES_RISK_ATTENDANCE_BELOW)
    if share >= below:
        return None
    text = _("Attendance %(share)s %% (below %(limit)s %%)") % {
        "share": _fmt(share),
        "limit": _fmt(below),
    }
    return Reason(ATTENDANCE, text, share.quantize(Decimal("0.01")), below)


def _missed(row: Row, columns: list[Column]) -> Reason | None:
    missed = 0
    for column in columns:
        if column.category == Category.ATTENDANCE or column.due_at is None:
            continue
        cell = row.cells.get(column.key)
        if cell is None or cell.result is None:
            continue
        result = cell.result
        if (
            result.state == ItemState.MISSING
            and result.due_passed
            and not cell.excused
            and cell.override is None
        ):
            missed += 1
    limit = app_settings.GRADES_RISK_MISSED_DEADLINES
    if missed < limit:
        return None
    text = ngettext(
        "%(count)s missed deadline (%(limit)s or more)",
        "%(count)s missed deadlines (%(limit)s or more)",
        missed,
    ) % {"count": missed, "limit": limit}
    return Reason(MISSED_DEADLINES, text, Decimal(missed), Decimal(limit))


def _percent_until(row: Row, book: Gradebook, until: datetime | None = None) -> Decimal | None:
    """The computed final grade (no final override) counting the items due by ``until``
    (every item without it; items without a due date always)."""
    results = [
        cell.result
        for column in book.columns
        if (cell := row.cells.get(column.key)) is not None
        and cell.result is not None
        and (until is None or column.due_at is None or column.due_at <= until)
    ]
    return final_grade(results, book.rules).percent


def _trend(row: Row, book: Gradebook, now: datetime) -> Reason | None:
    days = app_settings.GRADES_RISK_TREND_DAYS
    before = _percent_until(row, book, now - timedelta(days=days))
    if before is None:
        return None
    # Now: the computed grade (the row's own unless the teacher overrode the final grade).
    current = row.grade.percent if row.final_override is None else _percent_until(row, book)
    if current is None:
        return None
    drop = before - current
    limit = Decimal(app_settings.GRADES_RISK_TREND_DROP)
    if drop < limit:
        return None
    text = ngettext(
        "Grade down %(drop)s points in %(days)s day (%(before)s → %(now)s)",
        "Grade down %(drop)s points in %(days)s days (%(before)s → %(now)s)",
        days,
    ) % {"drop": _fmt(drop), "days": days, "before": _fmt(before), "now": _fmt(current)}
    return Reason(TREND_DOWN, text, drop, limit)
