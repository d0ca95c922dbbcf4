"""Zoom failing as a teacher presses "Start lesson": its own 429 (503 with when to try again,
from Zoom's headers), a Zoom that does not answer (a short time-out, then the circuit breaker
answers at once), and the cap on requests waiting for Zoom. In each case nothing stays held.

The same with four gunicorn workers and fifty starts at once: test_zoom_outage_live.py.
"""

import time
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from learning.schedule.models import LiveLesson
from learning.zoompool import breaker
from learning.zoompool.models import ZoomAccount
from learning.zoompool.zoom_client import retry_after

from ..factories import TeacherFactory
from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db


def api_start(api_client, lesson):
    api_client.force_authenticate(lesson.teacher)
    began = time.monotonic()
    response = api_client.post(f"/api/lessons/live/{lesson.pk}/start/")
    return response, time.monotonic() - began


def page_start(client, lesson):
    client.force_login(lesson.teacher)
    return client.post(reverse("schedule:lesson-start", kwargs={"key": f"lesson:{lesson.pk}"}))


def nothing_held(*lessons) -> bool:
    for lesson in lessons:
        lesson.refresh_from_db()
        if lesson.status != LiveLesson.Status.SCHEDULED or lesson.zoom_meeting_id:
            return False
    return not ZoomAccount.objects.filter(is_busy=True).exists()


# ---------------------------------------------------------------------------------------------
# Zoom's own 429


def in_90_seconds() -> str:
    return (datetime.now(UTC) + timedelta(seconds=90)).strftime("%Y-%m-%dT%H:%M:%SZ")


def seconds_to_utc_midnight() -> int:
    now = datetime.now(UTC)
    tomorrow = now.date() + timedelta(days=1)
    midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)
    return int((midnight - now).total_seconds())


@pytest.mark.parametrize(
    ("headers", "low", "high"),
    [
        ({"Retry-After": "7"}, 7, 7),
        # Zoom's daily limit: the time it resets, as ISO 8601.
        (
            {"X-RateLimit-Type": "Daily-limit", "X-RateLimit-Remaining": "0"}
            | {"Retry-After": "__in_90_seconds__"},
            85,
            91,
        ),
        # A per-second limit without Retry-After: a second.
        ({"X-RateLimit-Category": "Medium", "X-RateLimit-Type": "QPS"}, 1, 1),
        # A daily limit without Retry-After: Zoom resumes at 00:00 UTC.
        ({"X-RateLimit-Type": "Daily-limit", "X-RateLimit-Limit": "100"}, None, None),
    ],
)
def test_zooms_429_is_a_503_with_retry_after_from_its_headers(
    zoom, api_client, client, headers, low, high
):
    account = make_account(zoom)
    lesson = make_lesson(TeacherFactory())
    headers = {k: in_90_seconds() if v == "__in_90_seconds__" else v for k, v in headers.items()}
    body = {
        "code": 429,
        "message": "You have exceeded the daily rate limit (100) of Meeting "
        "Create/Update API requests permitted for this particular user.",
    }
    zoom.fail("create", 429, body, headers=headers, times=2)
    if low is None:
        low, high = seconds_to_utc_midnight() - 5, seconds_to_utc_midnight() + 1

    response, _took = api_start(api_client, lesson)

    assert response.status_code == 503, response.content
    assert response.json()["code"] == "zoom_rate_limited"
    assert low <= int(response["Retry-After"]) <= high
    assert nothing_held(lesson)
    account.refresh_from_db()
    assert "daily rate limit" in account.last_error
    # The lesson page's "Start lesson" says the same, with a button to try again.
    page = page_start(client, lesson)
    assert page.status_code == 503 and low <= int(page["Retry-After"]) <= high
    html = page.content.decode()
    assert gettext("Zoom asks us to wait") in html and gettext("Try again") in html
    assert nothing_held(lesson)


def test_a_full_pool_stays_429(zoom, api_client):
    make_account(zoom)
    busy = make_lesson(TeacherFactory())
    assert api_start(api_client, busy)[0].status_code == 200
    zoom.fail("create", 429, headers={"Retry-After": "3"})
    response, _took = api_start(api_client, make_lesson(TeacherFactory()))
    assert response.status_code == 429 and response.json()["code"] == "pool_exhausted"
    assert len(zoom.calls("create")) == 1  # Zoom was never asked


def test_retry_after_formats():
    now = datetime(2026, 5, 30, 23, 58, 30, tzinfo=UTC)
    assert retry_after({"Retry-After": "120"}, now) == 120
    assert retry_after({"Retry-After": "2026-05-31T00:00:00Z"}, now) == 90
    assert retry_after({"Retry-After": "Sun, 31 May 2026 00:00:00 GMT"}, now) == 90
    assert retry_after({"X-RateLimit-Type": "Daily-limit"}, now) == 90
    assert retry_after({"X-RateLimit-Type": "QPS"}, now) == 1
    assert retry_after({"Retry-After": "2020-01-01T00:00:00Z"}, now) == 1  # passed: at once
    assert retry_after({"Retry-After": "soon"}, now) is None
    assert retry_after({}, now) is None


# ---------------------------------------------------------------------------------------------
# A Zoom that does not answer


@pytest.fixture
def outage(zoom, settings):
    """Zoom stops answering; a start waits half a second for it; two misses open the breaker."""
    settings.ZOOMPOOL_START_TIMEOUT_SECONDS = 0.5
    settings.ZOOMPOOL_BREAKER_FAILURES = 2
    settings.ZOOMPOOL_BREAKER_SECONDS = 30
    zoom.hang()
    return zoom


def test_a_hanging_zoom_answers_503_after_the_short_timeout(outage, api_client, client):
    account = make_account(outage)
    lesson = make_lesson(TeacherFactory())

    response, took = api_start(api_client, lesson)

    assert took < 2  # not ZOOM_TIMEOUT_SECONDS, not the old 10 s
    assert response.status_code == 503, response.content
    assert response.json()["code"] == "zoom_unavailable"
    said = gettext("Zoom is not answering, try again in %(wait)s.").split("%(wait)s")[0]
    assert response.json()["detail"].startswith(said)
    assert int(response["Retry-After"]) >= 1
    assert nothing_held(lesson)
    account.refresh_from_db()
    assert "timed out" in account.last_error


def test_the_breaker_opens_and_then_refuses_at_once(outage, api_client, client, settings):
    make_account(outage)
    make_account(outage)
    lessons = [make_lesson(TeacherFactory()) for _ in range(4)]
    for lesson in lessons[:2]:
        assert api_start(api_client, lesson)[0].status_code == 503
    reached = len(outage.requests)

    response, took = api_start(api_client, lessons[2])
    page = page_start(client, lessons[3])

    assert took < 0.3 and len(outage.requests) == reached  # Zoom was not even asked
    assert response.status_code == 503 and response.json()["code"] == "zoom_unavailable"
    assert 25 <= int(response["Retry-After"]) <= 30
    said = gettext("Zoom is not answering, try again in %(wait)s.").split("%(wait)s")[0]
    assert response.json()["detail"].startswith(said)
    assert page.status_code == 503 and 25 <= int(page["Retry-After"]) <= 30
    html = page.content.decode()
    assert gettext("Zoom is not answering") in html
    assert 'data-testid="start-error"' in html and "csrfmiddlewaretoken" in html  # try again
    assert nothing_held(*lessons)


def test_after_the_pause_one_probe_closes_the_breaker(outage, api_client, settings):
    settings.ZOOMPOOL_BREAKER_SECONDS = 1
    make_account(outage)
    lesson = make_lesson(TeacherFactory())
    for _ in range(2):
        assert api_start(api_client, lesson)[0].status_code == 503
    assert api_start(api_client, lesson)[0].status_code == 503  # open: refused at once
    time.sleep(1.1)
    # The probe finds Zoom still hanging: open again for the whole pause.
    response, _took = api_start(api_client, lesson)
    assert response.status_code == 503 and response.json()["code"] == "zoom_unavailable"
    reached = len(outage.requests)
    assert api_start(api_client, lesson)[0].status_code == 503
    assert len(outage.requests) == reached
    time.sleep(1.1)
    outage.unhang()
    response, _took = api_start(api_client, lesson)
    assert response.status_code == 200, response.content
    lesson.refresh_from_db()
    assert lesson.status == LiveLesson.Status.LIVE
    # Closed: the next starts go straight to Zoom.
    other = make_lesson(TeacherFactory())
    make_account(outage)
    assert api_start(api_client, other)[0].status_code == 200


def test_a_live_lesson_gets_its_meeting_while_zoom_is_down(zoom, api_client, settings):
    settings.ZOOMPOOL_START_TIMEOUT_SECONDS = 0.5
    settings.ZOOMPOOL_BREAKER_FAILURES = 1
    make_account(zoom)
    make_account(zoom)
    live = make_lesson(TeacherFactory())
    first, _took = api_start(api_client, live)
    zoom.hang()
    assert api_start(api_client, make_lesson(TeacherFactory()))[0].status_code == 503

    again, took = api_start(api_client, live)

    assert again.status_code == 200 and took < 0.5
    assert again.json()["start_url"] == first.json()["start_url"]


def test_starts_beyond_the_places_for_zoom_are_refused_at_once(zoom, api_client, settings):
    """Another request holds the one place for a request waiting on Zoom: this start does not
    queue behind it (its worker would be held too) but answers 503 at once."""
    settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE = 1
    make_account(zoom)
    lesson = make_lesson(TeacherFactory())
    with breaker.call_place():
        response, took = api_start(api_client, lesson)
    assert took < 0.3
    assert response.status_code == 503 and response.json()["code"] == "zoom_busy"
    assert int(response["Retry-After"]) >= 1
    assert nothing_held(lesson) and zoom.requests == []
    # The place is free again: the start goes through.
    assert api_start(api_client, lesson)[0].status_code == 200


def test_a_full_pool_stays_429_while_zoom_is_down(outage, api_client):
    make_account(outage)
    first, second = make_lesson(TeacherFactory()), make_lesson(TeacherFactory())
    assert api_start(api_client, first)[0].status_code == 503
    assert api_start(api_client, first)[0].status_code == 503  # the breaker is open now
    ZoomAccount.objects.update(is_busy=True, current_lesson=first)  # taken, as by a start
    response, _took = api_start(api_client, second)
    assert response.status_code == 429 and response.json()["code"] == "pool_exhausted"
