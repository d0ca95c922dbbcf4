"""The beat sweep: accounts of lessons over for 15 minutes come back (their meetings ended at
Zoom when it answers); dead reservations and accounts of deleted lessons too."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from learning.schedule.models import LiveLesson
from learning.zoompool import services, tasks
from learning.zoompool.models import ZoomAccount

from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db


def start_then_shift(teacher, minutes_ago_ended: int) -> LiveLesson:
    """A lesson started the real way, then moved so that it ended so many minutes ago."""
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    end = timezone.now() - timedelta(minutes=minutes_ago_ended)
    LiveLesson.objects.filter(pk=lesson.pk).update(start=end - timedelta(hours=1), end=end)
    lesson.refresh_from_db()
    return lesson


def test_the_sweep_frees_accounts_of_lessons_long_over(zoom, teacher):
    overdue_account = make_account(zoom)
    recent_account = make_account(zoom)
    overdue = start_then_shift(teacher, 16)
    recent = start_then_shift(teacher, 14)
    assert {overdue_account.pk, recent_account.pk} == set(
        ZoomAccount.objects.filter(is_busy=True).values_list("pk", flat=True)
    )

    result = tasks.sweep_pool.delay().get()

    assert result["overdue"] == 1 and result["meetings_ended"] == 1
    freed = ZoomAccount.objects.get(current_lesson__isnull=True)
    assert not freed.is_busy and freed.busy_since is None
    overdue.refresh_from_db()
    assert overdue.status == "ended" and overdue.ended_at
    assert ZoomAccount.objects.get(current_lesson=recent).is_busy
    [end] = zoom.calls("end")
    assert end["path"] == f"/v2/meetings/{overdue.zoom_meeting_id}/status"
    assert zoom.meetings[overdue.zoom_meeting_id]["status"] == "ended"
    # Again: nothing more to do.
    assert services.sweep().overdue == 0 and len(zoom.calls("end")) == 1


def test_the_sweep_frees_the_account_even_when_zoom_does_not_answer(zoom, teacher):
    account = make_account(zoom)
    start_then_shift(teacher, 30)
    zoom.fail("end", 503, {"code": 503, "message": "Service Unavailable"})
    assert services.sweep().overdue == 1
    account.refresh_from_db()
    assert not account.is_busy and "Service Unavailable" in account.last_error


def test_a_meeting_already_gone_is_not_an_error(zoom, teacher):
    account = make_account(zoom)
    lesson = start_then_shift(teacher, 30)
    zoom.meetings.pop(lesson.zoom_meeting_id)
    result = services.sweep()
    assert result.overdue == 1 and result.meetings_ended == 1
    account.refresh_from_db()
    assert account.last_error == "" and not account.is_busy


def test_dead_reservations_and_deleted_lessons(zoom, teacher):
    dead = make_account(zoom)
    orphan = make_account(zoom)
    fresh = make_account(zoom)
    now = timezone.now()
    stuck = make_lesson(teacher)
    ZoomAccount.objects.filter(pk=dead.pk).update(
        is_busy=True, current_lesson=stuck, busy_since=now - timedelta(minutes=11)
    )
    doomed = make_lesson(teacher)
    ZoomAccount.objects.filter(pk=orphan.pk).update(
        is_busy=True, current_lesson=doomed, busy_since=now
    )
    doomed.delete()
    starting = make_lesson(teacher)
    ZoomAccount.objects.filter(pk=fresh.pk).update(
        is_busy=True, current_lesson=starting, busy_since=now - timedelta(minutes=2)
    )

    result = services.sweep()

    assert (result.stale_reservations, result.orphaned, result.overdue) == (1, 1, 0)
    assert list(ZoomAccount.objects.filter(is_busy=True)) == [fresh]
    assert LiveLesson.objects.get(pk=stuck.pk).status == "scheduled"
    assert zoom.requests == []


def test_beat_runs_the_sweep_every_five_minutes():
    """The schedule the README asks for (the entry lives in settings)."""
    entries = [
        e
        for e in getattr(settings, "CELERY_BEAT_SCHEDULE", {}).values()
        if e["task"] == "learning.zoompool.tasks.sweep_pool"
    ]
    assert entries, "CELERY_BEAT_SCHEDULE needs the zoompool sweep entry (see the README)"
    assert entries[0]["schedule"] == 5 * 60
