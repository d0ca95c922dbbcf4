"""Taking a homework: attempts (how many are left, starting one, discarding one), the
attempt's deadline and whether work is late."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..errors import AttemptClosed, AttemptRace, NoAttemptsLeft
from ..models import Homework, Submission
from ..permissions import require_own_attempt, require_take

# A submission this long after the time limit is still on time (clocks, slow networks).
TIME_LIMIT_GRACE = timedelta(minutes=1)

Status = Submission.Status


def discard_attempt(user, submission: Submission) -> None:
    """A student deletes their own attempt before handing it in."""
    require_own_attempt(user, submission)
    deleted, _rows = Submission.objects.filter(pk=submission.pk, status=Status.IN_PROGRESS).delete()
    if not deleted:
        raise AttemptClosed()


def attempts_used(user, homework: Homework) -> int:
    """Attempts that count towards the limit; work returned for rework does not count."""
    return (
        Submission.objects.filter(student=user, homework=homework)
        .exclude(status=Status.RETURNED)
        .count()
    )


def attempts_left(user, homework: Homework) -> int | None:
    """None: unlimited."""
    if homework.max_attempts == 0:
        return None
    return max(0, homework.max_attempts - attempts_used(user, homework))


def _in_progress(user, homework: Homework) -> Submission | None:
    return Submission.objects.filter(
        student=user, homework=homework, status=Status.IN_PROGRESS
    ).first()


def start_attempt(user, homework: Homework) -> Submission:
    """The attempt in progress, or a new one if the attempt limit allows.

    Two tabs starting at once end with one attempt: the database allows one in-progress
    submission per student and homework, and the loser of the race gets the winner's.
    """
    require_take(user, homework)
    if existing := _in_progress(user, homework):
        return existing
    if refuses_new_work(homework):
        raise AttemptClosed(
            _("The due date has passed and this homework does not accept late work.")
        )
    left = attempts_left(user, homework)
    if left is not None and left <= 0:
        raise NoAttemptsLeft()
    last = (
        Submission.objects.filter(student=user, homework=homework)
        .order_by("-attempt")
        .values_list("attempt", flat=True)
        .first()
    )
    try:
        with transaction.atomic():
            return Submission.objects.create(
                student=user,
                homework=homework,
                attempt=(last or 0) + 1,
                started_at=timezone.now(),
            )
    except IntegrityError:
        if existing := _in_progress(user, homework):
            return existing
        raise AttemptRace() from None


def attempt_deadline(submission: Submission) -> datetime | None:
    """When the attempt's time runs out: the time limit or the due date, whichever is first.

    The countdown on the page counts to this; submit() still judges lateness itself.
    """
    homework = submission.homework
    ends = []
    if homework.time_limit_minutes:
        ends.append(submission.started_at + timedelta(minutes=homework.time_limit_minutes))
    if homework.due_at:
        ends.append(homework.due_at)
    return min(ends) if ends else None


def refuses_new_work(homework: Homework, now: datetime | None = None) -> bool:
    """The due date passed and late work is refused: starting an attempt would be pointless."""
    now = now or timezone.now()
    return bool(
        homework.due_at
        and now > homework.due_at
        and homework.late_policy == Homework.LatePolicy.REFUSE
    )


def is_late(submission: Submission, now: datetime) -> bool:
    homework = submission.homework
    if homework.time_limit_minutes:
        deadline = (
            submission.started_at
            + timedelta(minutes=homework.time_limit_minutes)
            + TIME_LIMIT_GRACE
        )
        if now > deadline:
            return True
    return bool(homework.due_at and now > homework.due_at)
