"""Zoom's webhook: signatures checked on the raw body, URL validation, meeting.ended frees the
account once, unknown events are no-ops; at its one URL, /api/zoom/webhook/."""

import hashlib
import hmac
import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from learning.schedule.models import LiveLesson
from learning.zoompool import services
from learning.zoompool.models import ZoomAccount, ZoomEvent

from .conftest import WEBHOOK_PATHS, make_account, make_lesson, meeting_ended, signed

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(zoom, teacher):
    """A lesson started the real way, holding the pool's one account."""
    account = make_account(zoom)
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    return lesson, account


def held(account) -> bool:
    account.refresh_from_db()
    return account.is_busy or account.current_lesson_id is not None


@pytest.mark.parametrize("path", WEBHOOK_PATHS)
def test_meeting_ended_ends_the_lesson_and_frees_the_account(live, path):
    lesson, account = live
    # An enforcing client: the signed webhook needs no CSRF token, and nothing else is exempt.
    response = Client(enforce_csrf_checks=True).post(
        path, **signed(meeting_ended(lesson, account), account.webhook_secret_token)
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"received": True, "lesson": lesson.pk, "freed": True}
    lesson.refresh_from_db()
    assert lesson.status == LiveLesson.Status.ENDED and lesson.ended_at
    assert not held(account) and account.busy_since is None


def test_duplicate_meeting_ended_is_a_no_op(live, client, zoom, teacher):
    lesson, account = live
    body = meeting_ended(lesson, account)
    assert client.post("/api/zoom/webhook/", **signed(body, account.webhook_secret_token)).json()[
        "freed"
    ]
    # The account goes to another lesson; the same event again must not free it.
    other = services.start_lesson(teacher, make_lesson(teacher))
    again = client.post("/api/zoom/webhook/", **signed(body, account.webhook_secret_token))
    assert again.status_code == 200 and again.json() == {"received": True, "duplicate": True}
    assert ZoomAccount.objects.get(pk=account.pk).current_lesson_id == other.pk
    assert ZoomEvent.objects.filter(event="meeting.ended").count() == 1


def test_meeting_ended_again_after_a_host_rejoined_leaves_other_lessons_alone(
    live, client, teacher
):
    lesson, account = live
    secret = account.webhook_secret_token
    client.post("/api/zoom/webhook/", **signed(meeting_ended(lesson, account), secret))
    other = services.start_lesson(teacher, make_lesson(teacher))
    # The host rejoined the old meeting: a new instance (uuid) of the same meeting id ends.
    rejoined = meeting_ended(lesson, account, uuid="rejoined-instance==")
    response = client.post("/api/zoom/webhook/", **signed(rejoined, secret))
    assert response.status_code == 200 and response.json()["freed"] is False
    assert ZoomAccount.objects.get(pk=account.pk).current_lesson_id == other.pk
    assert LiveLesson.objects.get(pk=lesson.pk).status == "ended"


@pytest.mark.parametrize(
    "tamper",
    ["wrong secret", "changed body", "no signature", "stale", "future", "bad timestamp"],
)
def test_bad_signatures_are_refused_and_change_nothing(live, client, tamper):
    lesson, account = live
    body = meeting_ended(lesson, account)
    secret = account.webhook_secret_token
    if tamper == "wrong secret":
        request = signed(body, "not-the-secret")
    elif tamper == "changed body":
        request = signed(body, secret)
        request["data"] = request["data"].replace(b"meeting.ended", b"meeting.ended ")
    elif tamper == "no signature":
        request = signed(body, secret)
        del request["headers"]["x-zm-signature"]
    elif tamper == "stale":
        request = signed(body, secret, timestamp=int(time.time()) - 301)
    elif tamper == "future":
        request = signed(body, secret, timestamp=int(time.time()) + 400)
    else:
        request = signed(body, secret)
        request["headers"]["x-zm-request-timestamp"] = "yesterday"
    response = client.post("/api/zoom/webhook/", **request)
    assert response.status_code == 401
    assert held(account) and LiveLesson.objects.get(pk=lesson.pk).status == "live"
    assert not ZoomEvent.objects.exists()


def test_a_timestamp_in_milliseconds_within_five_minutes_is_accepted(live, client):
    lesson, account = live
    request = signed(
        meeting_ended(lesson, account),
        account.webhook_secret_token,
        timestamp=int(time.time() * 1000) - 200_000,
    )
    assert client.post("/api/zoom/webhook/", **request).status_code == 200
    assert not held(account)


def test_the_account_named_in_the_payload_is_checked_first(zoom, client, teacher):
    first = make_account(zoom)
    second = make_account(zoom, account_id="shared-zoom-account")
    third = make_account(zoom, account_id="shared-zoom-account", is_active=False)
    body = {
        "event": "meeting.started",
        "payload": {"account_id": "shared-zoom-account", "object": {"id": "1"}},
    }
    # Signed by an inactive pool account sharing the Zoom account: still Zoom's word.
    assert client.post("/api/zoom/webhook/", **signed(body, third.webhook_secret_token)).json() == {
        "received": True,
        "ignored": "meeting.started",
    }
    second_response = client.post("/api/zoom/webhook/", **signed(body, second.webhook_secret_token))
    assert second_response.status_code == 200
    # The first account's secret does not speak for "shared-zoom-account".
    refused = client.post("/api/zoom/webhook/", **signed(body, first.webhook_secret_token))
    assert refused.status_code == 401


def test_an_inactive_account_does_not_sign_for_strangers(zoom, client):
    inactive = make_account(zoom, is_active=False)
    body = {"event": "meeting.started", "payload": {"account_id": "unknown"}}
    response = client.post("/api/zoom/webhook/", **signed(body, inactive.webhook_secret_token))
    assert response.status_code == 401


@pytest.mark.parametrize("path", WEBHOOK_PATHS)
def test_url_validation_challenge(zoom, client, path):
    make_account(zoom)
    account = make_account(zoom)
    body = {
        "event": "endpoint.url_validation",
        "event_ts": int(time.time() * 1000),
        "payload": {"plainToken": "qgg8vlvZRS6UYooatFL8Aw"},
    }
    response = client.post(path, **signed(body, account.webhook_secret_token))
    assert response.status_code == 200
    expected = hmac.new(
        account.webhook_secret_token.encode(), b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256
    ).hexdigest()
    assert response.json() == {"plainToken": "qgg8vlvZRS6UYooatFL8Aw", "encryptedToken": expected}
    # Unsigned, it proves nothing and is refused.
    unsigned = client.post(path, data=json.dumps(body), content_type="application/json")
    assert unsigned.status_code == 401


def test_unknown_events_and_unknown_meetings_are_harmless(live, client):
    lesson, account = live
    secret = account.webhook_secret_token
    unknown = {"event": "meeting.participant_joined", "payload": {"object": {"id": "1"}}}
    assert client.post("/api/zoom/webhook/", **signed(unknown, secret)).status_code == 200
    stranger = meeting_ended(lesson, account)
    stranger["payload"]["object"].update(id="999", uuid="someone-else==")
    response = client.post("/api/zoom/webhook/", **signed(stranger, secret))
    assert response.status_code == 200 and response.json()["lesson"] is None
    assert held(account)


def test_not_json_or_not_post(zoom, client):
    account = make_account(zoom)
    assert (
        client.post(
            "/api/zoom/webhook/", **signed(b"not json", account.webhook_secret_token)
        ).status_code
        == 401
    )
    assert client.get("/api/zoom/webhook/").status_code == 405


def test_the_webhook_answers_in_a_fixed_number_of_queries(
    live, client, django_assert_max_num_queries
):
    for _ in range(20):
        make_account()
    lesson, account = live
    request = signed(meeting_ended(lesson, account), account.webhook_secret_token)
    with django_assert_max_num_queries(14):
        assert client.post("/api/zoom/webhook/", **request).status_code == 200


def test_a_late_event_does_not_take_back_a_restart_in_progress(live, client):
    """The lesson ended and its teacher is starting it again (an account reserved, Zoom not
    answered yet) when another meeting.ended of the old meeting arrives: the account stays."""
    lesson, account = live
    secret = account.webhook_secret_token
    client.post("/api/zoom/webhook/", **signed(meeting_ended(lesson, account), secret))
    ZoomAccount.objects.filter(pk=account.pk).update(
        is_busy=True, current_lesson=lesson, busy_since=timezone.now()
    )
    late = meeting_ended(lesson, account, uuid="another-instance==")
    assert client.post("/api/zoom/webhook/", **signed(late, secret)).json()["freed"] is False
    assert held(account) and account.current_lesson_id == lesson.pk
