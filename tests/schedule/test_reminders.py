"""Lesson reminders: the teacher and the students, once per occurrence."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from learning.schedule import services, tasks
from learning.schedule.models import RecurringLesson

from .conftest import MSK
from .factories import LiveLessonFactory, RuleFactory

pytestmark = pytest.mark.django_db


# Half an hour before the fixture rule's Monday lesson (10:00 Moscow time, 9 Sep 2030).
BEFORE_MONDAY = dt.datetime(2030, 9, 9, 9, 30, tzinfo=MSK)


def test_task_reminds_teacher_and_students_once(
    group, member, teacher, settings, django_capture_on_commit_callbacks
):
    settings.LESSON_REMINDER_MINUTES = 60
    start = timezone.now() + dt.timedelta(minutes=30)
    lesson = LiveLessonFactory(group=group, start=start, end=start + dt.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_lesson_reminders() == 2
    notices = Notification.objects.filter(kind="lessons")
    assert {n.user for n in notices} == {teacher, member}
    assert lesson.title in notices.first().title
    assert notices.first().url.endswith(f"/lessons/lesson:{lesson.pk}/")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([teacher.email, member.email])
    assert tasks.send_lesson_reminders() == 0
    assert Notification.objects.filter(kind="lessons").count() == 2


def test_rule_occurrence_reminded_once_even_after_it_is_stored(rule, member, teacher, settings):
    settings.LESSON_REMINDER_MINUTES = 60
    assert services.send_reminders(BEFORE_MONDAY) == 2
    notice = Notification.objects.get(user=member)
    assert rule.title in notice.title and "10:00" in notice.title
    assert notice.url.endswith(f"/lessons/rule:{rule.pk}:2030-09-09/")
    assert services.send_reminders(BEFORE_MONDAY + dt.timedelta(minutes=5)) == 0
    # Stored when the teacher opens it early: its key changes, the reminder does not repeat.
    services.lesson_for_occurrence(rule, dt.date(2030, 9, 9))
    assert services.send_reminders(BEFORE_MONDAY + dt.timedelta(minutes=10)) == 0
    assert Notification.objects.filter(kind="lessons").count() == 2
    # A week later, the next occurrence gets its own.
    assert services.send_reminders(BEFORE_MONDAY + dt.timedelta(days=7)) == 2


def test_no_reminders_outside_the_time_or_when_cancelled(rule, teacher, member, settings, group):
    settings.LESSON_REMINDER_MINUTES = 20
    assert services.send_reminders(BEFORE_MONDAY) == 0
    settings.LESSON_REMINDER_MINUTES = 60
    services.cancel_occurrence(teacher, rule, dt.date(2030, 9, 9))
    started = BEFORE_MONDAY - dt.timedelta(minutes=5)  # already running: too late to remind
    LiveLessonFactory(group=group, start=started, end=started + dt.timedelta(hours=1))
    assert services.send_reminders(BEFORE_MONDAY) == 0
    assert not Notification.objects.filter(key__startswith="reminder:").exists()
    # Only the cancellation's own notice (test_change_notices.py).
    assert list(Notification.objects.values_list("user", flat=True)) == [member.pk]


def test_moved_lesson_is_reminded_at_its_new_time(group, member, teacher):
    start = timezone.now() + dt.timedelta(minutes=20)
    lesson = LiveLessonFactory(group=group, start=start, end=start + dt.timedelta(hours=1))
    assert services.send_reminders() == 2
    services.update_lesson(
        teacher, lesson, start=start + dt.timedelta(minutes=15), end=start + dt.timedelta(hours=1)
    )
    assert services.send_reminders() == 2
    assert services.send_reminders() == 0


def test_reminder_cost_is_fixed(settings):
    """Many lessons at once: reading the timetable and the people is a fixed number of
    queries (notify's own work per person aside)."""
    settings.LESSON_REMINDER_MINUTES = 60
    for i in range(20):
        RuleFactory(group__teacher__email=f"t{i}@example.com")  # Mondays 10:00, 20 teachers
    assert RecurringLesson.objects.count() == 20
    with CaptureQueriesContext(connection) as queries:
        assert services.send_reminders(BEFORE_MONDAY) == 20
    ours = [
        q["sql"]
        for q in queries.captured_queries
        if "SAVEPOINT" not in q["sql"] and "accounts_" not in q["sql"]
    ]
    assert len(ours) <= 5, ours
