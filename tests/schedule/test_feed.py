"""The private iCalendar feed: content parsed back with icalendar, revocation, query count."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from learning.schedule import feeds, services
from learning.schedule.models import CalendarFeed

from ..factories import StudentFactory
from .factories import GroupFactory, LessonExceptionFactory, LiveLessonFactory, MembershipFactory
from .ui_fixtures import lesson_now, rule_now

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    return reverse("calendar:feed", kwargs={"token": services.feed_for(user).token})


def events_of(response) -> dict[str, dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "url": str(event["URL"]),
            "status": str(event.get("STATUS", "")),
            "raw_start": event["DTSTART"].to_ical().decode(),
        }
        for event in calendar.walk("VEVENT")
    }


def test_feed_has_the_persons_lessons(client, teacher, group, member):
    rule = rule_now(group, title="Механика")
    one_off = lesson_now(group, starts_in=dt.timedelta(days=3), title="Консультация")
    LiveLessonFactory(  # another group's lesson: not in this feed
        group=GroupFactory(), start=one_off.start, end=one_off.end, title="Чужой урок"
    )
    LiveLessonFactory(  # beyond 180 days ahead
        group=group,
        title="Далёкий урок",
        start=timezone.now() + dt.timedelta(days=200),
        end=timezone.now() + dt.timedelta(days=200, hours=1),
    )

    events = events_of(client.get(feed_url(member)))

    first_date = rule.start_date.isoformat()
    uid = f"rule:{rule.pk}:{first_date}@testserver"
    assert uid in events and f"lesson:{one_off.pk}@testserver" in events
    # Weekly for 10 weeks (start date + 70 days): 11 dates, all within the window.
    assert sum(key.startswith(f"rule:{rule.pk}:") for key in events) == 11
    assert not any(
        "Чужой урок" in e["summary"] or "Далёкий" in e["summary"] for e in events.values()
    )

    event = events[uid]
    occurrence = services.occurrence_by_key(member, f"rule:{rule.pk}:{first_date}")
    assert event["start"] == occurrence.start and event["end"] == occurrence.end
    assert event["raw_start"].endswith("Z")  # written in UTC
    assert event["summary"] == "Механика · Физика 9А"
    assert event["url"] == f"http://testserver/ru/schedule/lessons/rule:{rule.pk}:{first_date}/"
    assert event["status"] == "CONFIRMED"

    # The teacher's feed has the same lessons.
    assert set(events_of(client.get(feed_url(teacher)))) == set(events)


def test_the_window_is_30_days_back_180_ahead(settings):
    now = dt.datetime(2030, 9, 1, tzinfo=dt.UTC)
    assert feeds.feed_window(now) == (now - dt.timedelta(days=30), now + dt.timedelta(days=180))
    settings.SCHEDULE_FEED_DAYS_AHEAD = 7
    assert feeds.feed_window(now)[1] == now + dt.timedelta(days=7)


def test_cancelled_dates_are_marked_cancelled(client, member, group):
    rule = rule_now(group)
    cancelled = rule.start_date + dt.timedelta(days=7)
    LessonExceptionFactory(rule=rule, original_date=cancelled, cancelled=True)
    events = events_of(client.get(feed_url(member)))
    assert events[f"rule:{rule.pk}:{cancelled.isoformat()}@testserver"]["status"] == "CANCELLED"
    assert events[f"rule:{rule.pk}:{rule.start_date.isoformat()}@testserver"]["status"] == (
        "CONFIRMED"
    )


def test_unknown_token_is_404(client, member):
    services.feed_for(member)
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_inactive_person_has_no_feed(client, member):
    url = feed_url(member)
    member.is_active = False
    member.save()
    assert client.get(url).status_code == 404


def test_revoke_makes_the_old_url_404(client, member, group):
    lesson_now(group)
    old = feed_url(member)
    assert client.get(old).status_code == 200
    client.force_login(member)
    response = client.get("/ru/schedule/")
    assert f"http://testserver{old}" in response.content.decode()

    response = client.post(reverse("schedule:feed-revoke"))
    assert response.status_code == 302 and response["Location"].endswith("#calendar-feed")
    new = feed_url(member)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    client.force_login(member)
    html = client.get("/ru/schedule/").content.decode()
    assert f"http://testserver{new}" in html and old not in html


def test_revoke_needs_post_and_sign_in(client, member):
    token = services.feed_for(member).token
    assert client.post(reverse("schedule:feed-revoke")).status_code == 302  # to sign in
    client.force_login(member)
    assert client.get(reverse("schedule:feed-revoke")).status_code == 405
    assert CalendarFeed.objects.get(user=member).token == token


def test_feed_queries_are_fixed(client, teacher, django_assert_max_num_queries):
    url = feed_url(teacher)
    for n in range(25):
        group = GroupFactory(teacher=teacher)
        MembershipFactory(group=group, student=StudentFactory())
        rule_now(group, starts_in=dt.timedelta(days=n), length=dt.timedelta(minutes=30))
        lesson_now(group, starts_in=dt.timedelta(days=n, hours=3))
    with django_assert_max_num_queries(6):
        response = client.get(url)
    events = events_of(response)
    assert len(events) == 25 * 11 + 25
