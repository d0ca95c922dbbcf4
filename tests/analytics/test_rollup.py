"""Raw course views rolled up into daily rows (idempotent, in the site's time zone, people
and bots apart) and pruned only once their day is rolled up."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.management import call_command

from learning.analytics.models import CourseViewDay, RolledUpDay
from learning.analytics.services import prune, rollup, rollup_pending
from learning.analytics.services.rollup import today as site_today
from learning.enrollment.models import CourseView

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db

MSK = dt.timezone(dt.timedelta(hours=3))  # the site's zone (Europe/Moscow, no DST)
DAY = dt.date(2026, 3, 10)  # in the past: rolled up "now" is after it ended


def view(course, at, *, user=None, session="", device="desktop", source=""):
    row = CourseView.objects.create(
        course=course, user=user, session_key=session, device=device, source=source
    )
    CourseView.objects.filter(pk=row.pk).update(viewed_at=at)  # auto_now_add
    return row


def local(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=MSK)


@pytest.fixture
def views(course, other_course):
    anna = StudentFactory()
    view(course, local(DAY, 0, 5), user=anna)  # 21:05 UTC the day before: still DAY in Moscow
    view(course, local(DAY, 12), user=anna, device="mobile")
    view(course, local(DAY, 13), session="s1", device="tablet", source="t.me")
    view(course, local(DAY, 14), session="s1")
    view(course, local(DAY, 15))  # no user, no session: a visitor of its own
    view(course, local(DAY, 16), device="bot")
    view(course, local(DAY, 23, 59), session="s2")
    view(course, local(DAY + dt.timedelta(days=1), 0, 0), session="s3")  # the next day
    view(other_course, local(DAY, 10), session="s1")


def rows():
    return sorted(
        CourseViewDay.objects.values_list(
            "course__title",
            "day",
            "views",
            "visitors",
            "desktop",
            "mobile",
            "tablet",
            "bots",
            "referred",
        )
    )


def test_a_day_is_rolled_up_per_course_in_the_site_time_zone(views):
    assert settings.TIME_ZONE == "Europe/Moscow"
    rollup(DAY)
    assert rows() == [
        # views (people), visitors: anna, s1, the anonymous one, s2 = 4; bots apart.
        ("Алгебра", DAY, 6, 4, 4, 1, 1, 1, 1),
        ("Химия", DAY, 1, 1, 1, 0, 0, 0, 0),
    ]
    assert RolledUpDay.objects.get().day == DAY


def test_rolling_a_day_up_again_gives_the_same_rows(views, course):
    rollup(DAY, DAY + dt.timedelta(days=1))
    first = rows()
    rollup(DAY, DAY + dt.timedelta(days=1))
    assert rows() == first
    assert CourseViewDay.objects.count() == 3
    # A view arriving late for the day is counted on the next run, not added twice.
    view(course, local(DAY, 18), session="s9")
    rollup(DAY)
    assert CourseViewDay.objects.get(course=course, day=DAY).views == 7
    assert CourseViewDay.objects.filter(day=DAY).count() == 2


def test_the_pending_run_rolls_up_every_day_missed_through_yesterday(views, course, settings):
    today = site_today()
    recent = today - dt.timedelta(days=3)
    view(course, local(recent, 9), session="x")
    view(course, local(today, 9), session="y")  # today: not yet
    done = rollup_pending()
    assert done == (DAY, today - dt.timedelta(days=1))
    days = set(CourseViewDay.objects.values_list("day", flat=True))
    assert days == {DAY, DAY + dt.timedelta(days=1), recent}
    assert rollup_pending() is None  # nothing left


def test_prune_deletes_raw_views_of_rolled_up_days_only(views, course, settings):
    settings.ANALYTICS_RAW_VIEWS_RETENTION_DAYS = 90
    now = local(DAY + dt.timedelta(days=200), 12)
    rollup(DAY)  # the next day is not rolled up: its raw view stays
    assert prune(now=now) == 8
    assert list(CourseView.objects.values_list("session_key", flat=True)) == ["s3"]
    assert RolledUpDay.objects.get(day=DAY).pruned_at == now
    # The aggregates are all that is left of DAY: rolling it up again keeps them.
    rollup(DAY)
    assert CourseViewDay.objects.get(course=course, day=DAY).views == 6


def test_prune_keeps_views_within_the_retention_and_days_rolled_up_too_early(views, settings):
    settings.ANALYTICS_RAW_VIEWS_RETENTION_DAYS = 90
    rollup(DAY)
    assert prune(now=local(DAY + dt.timedelta(days=30), 12)) == 0
    # Rolled up while DAY was still running: later views may be missing, so it is kept.
    RolledUpDay.objects.update(rolled_up_at=local(DAY, 20))
    assert prune(now=local(DAY + dt.timedelta(days=200), 12)) == 0
    assert CourseView.objects.count() == 9


def test_the_command_rolls_up_a_day_or_since_a_date(views, capsys):
    call_command("rollup_course_views", "--day", DAY.isoformat())
    assert CourseViewDay.objects.filter(day=DAY).count() == 2
    call_command("rollup_course_views", "--since", DAY.isoformat())
    assert CourseViewDay.objects.count() == 3
    assert "course-day row(s)" in capsys.readouterr().out


def test_the_nightly_task_is_on_beat(settings):
    tasks = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "learning.analytics.tasks.rollup_course_views" in tasks


def test_the_nightly_task_rolls_up_and_prunes(views, settings):
    from learning.analytics.tasks import rollup_course_views

    settings.ANALYTICS_RAW_VIEWS_RETENTION_DAYS = 1
    result = rollup_course_views.delay().get()
    assert result["first"] == DAY.isoformat()
    assert result["pruned"] == 9
    assert CourseViewDay.objects.count() == 3
