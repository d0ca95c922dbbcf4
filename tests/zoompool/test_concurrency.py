"""Many teachers press "Start lesson" at once (PostgreSQL row locks, one connection per thread):
the pool lends each account once, refuses the rest with 429, and gets every account back."""

from collections import Counter

import pytest
from django.test import Client
from django.utils.translation import gettext
from rest_framework.test import APIClient

from learning.schedule.models import LiveLesson
from learning.zoompool.models import ZoomAccount

from ..factories import TeacherFactory
from ..races import at_once
from .conftest import make_account, make_lesson, meeting_ended, signed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TEACHERS = 30
POOL = 5


def start(lesson):
    api = APIClient()
    api.force_authenticate(lesson.teacher)
    response = api.post(f"/api/lessons/live/{lesson.pk}/start/")
    return lesson.pk, response.status_code, response.json()


def test_thirty_starts_five_accounts(postgres, zoom, settings):
    zoom.delay = 0.05  # Zoom takes a moment: reservations overlap the other clicks
    # A place to wait on Zoom for every click: this is about the pool's row locks (the cap on
    # requests waiting for Zoom has its own tests in test_zoom_faults and the live outage).
    settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE = TEACHERS
    accounts = {a.pk: a for a in (make_account(zoom) for _ in range(POOL))}
    lessons = [make_lesson(TeacherFactory()) for _ in range(TEACHERS)]

    results = at_once([lambda lesson=lesson: start(lesson) for lesson in lessons])

    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = Counter(status for _pk, status, _body in results)
    assert statuses == {200: POOL, 429: TEACHERS - POOL}, results
    assert {body["detail"] for _pk, status, body in results if status == 429} == {
        gettext("All video accounts are busy, try again in a few minutes.")
    }
    started = {pk for pk, status, _body in results if status == 200}
    holders = dict(ZoomAccount.objects.filter(is_busy=True).values_list("current_lesson_id", "pk"))
    # Every account went to exactly one of the lessons that were told "started", and back.
    assert set(holders) == started and len(set(holders.values())) == POOL
    live = LiveLesson.objects.filter(status="live")
    assert set(live.values_list("pk", flat=True)) == started
    assert len(set(live.values_list("zoom_meeting_id", flat=True))) == POOL
    assert len(zoom.calls("create")) == POOL
    assert not LiveLesson.objects.exclude(pk__in=started).exclude(zoom_meeting_id="").exists()

    # Zoom reports the five meetings ended, all at once.
    def end(lesson):
        account = accounts[holders[lesson.pk]]
        body = meeting_ended(lesson, account)
        return Client().post("/api/zoom/webhook/", **signed(body, account.webhook_secret_token))

    ended = at_once([lambda lesson=lesson: end(lesson) for lesson in live])
    assert [r.status_code for r in ended] == [200] * POOL, ended
    assert not ZoomAccount.objects.filter(is_busy=True).exists()
    assert not ZoomAccount.objects.filter(current_lesson__isnull=False).exists()
    assert LiveLesson.objects.filter(status="ended").count() == POOL


def test_ten_clicks_on_one_lesson_take_one_account(postgres, zoom, settings):
    zoom.delay = 0.1
    settings.ZOOMPOOL_ZOOM_CALLS_AT_ONCE = 10  # every click may wait for the first one
    for _ in range(3):
        make_account(zoom)
    lesson = make_lesson(TeacherFactory())

    results = at_once([lambda: start(lesson)] * 10)

    assert [status for _pk, status, _body in results] == [200] * 10, results
    assert len({body["start_url"] for _pk, _status, body in results}) == 1
    assert ZoomAccount.objects.filter(is_busy=True).count() == 1
    assert len(zoom.calls("create")) == 1
