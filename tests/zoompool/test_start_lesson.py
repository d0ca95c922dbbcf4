"""Starting a lesson: an account from the pool, a Zoom meeting, the URLs; and every refusal."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import NotAllowed
from learning.schedule.models import LiveLesson
from learning.zoompool import services
from learning.zoompool.models import ZoomAccount

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db


def start_url(lesson) -> str:
    return f"/api/lessons/live/{lesson.pk}/start/"


def test_start_lends_an_account_and_opens_a_meeting(zoom, api_client, teacher):
    account = make_account(zoom)
    lesson = make_lesson(teacher)
    api_client.force_authenticate(teacher)

    response = api_client.post(start_url(lesson))

    assert response.status_code == 200, response.content
    lesson.refresh_from_db()
    meeting = zoom.meetings[lesson.zoom_meeting_id]
    assert response.json()["start_url"] == lesson.start_url == meeting["start_url"]
    assert response.json()["join_url"] == lesson.join_url == meeting["join_url"]
    assert response.json()["meeting_id"] == lesson.zoom_meeting_id
    assert lesson.status == LiveLesson.Status.LIVE and lesson.started_at
    assert lesson.zoom_meeting_uuid == meeting["uuid"] and lesson.start_url_fetched_at
    assert meeting["host_email"] == account.zoom_user_id
    assert meeting["topic"] == lesson.title and meeting["duration"] == 60
    account.refresh_from_db()
    assert account.is_busy and account.current_lesson == lesson and account.busy_since


def test_starting_again_returns_the_same_meeting(zoom, teacher):
    make_account(zoom)
    make_account(zoom)
    lesson = make_lesson(teacher)
    first = services.start_lesson(teacher, lesson)
    second = services.start_lesson(teacher, lesson)
    assert (second.start_url, second.join_url) == (first.start_url, first.join_url)
    assert len(zoom.calls("create")) == 1 and zoom.calls("get") == []
    assert ZoomAccount.objects.filter(is_busy=True).count() == 1


def test_an_old_start_url_is_fetched_again(zoom, teacher):
    make_account(zoom)
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    old = lesson.start_url
    LiveLesson.objects.filter(pk=lesson.pk).update(
        start_url_fetched_at=timezone.now() - timedelta(hours=2)
    )

    fresh = services.start_lesson(teacher, lesson)

    assert len(zoom.calls("get")) == 1 and len(zoom.calls("create")) == 1
    assert fresh.start_url != old
    assert fresh.start_url == zoom.meetings[lesson.zoom_meeting_id]["start_url"]
    assert timezone.now() - fresh.start_url_fetched_at < timedelta(minutes=1)


def test_staff_may_start_any_lesson(zoom, api_client):
    make_account(zoom)
    lesson = make_lesson()
    api_client.force_authenticate(AdminFactory())
    assert api_client.post(start_url(lesson)).status_code == 200


@pytest.mark.parametrize("who", ["student", "other teacher", "group member"])
def test_only_its_teacher_may_start_it(zoom, api_client, who):
    make_account(zoom)
    lesson = make_lesson()
    person = TeacherFactory() if who == "other teacher" else StudentFactory()
    if who == "group member":
        lesson.group.memberships.create(student=person)
    api_client.force_authenticate(person)
    response = api_client.post(start_url(lesson))
    assert response.status_code == 403
    assert not ZoomAccount.objects.filter(is_busy=True).exists() and zoom.requests == []
    with pytest.raises(NotAllowed):
        services.start_lesson(person, lesson)


def test_anonymous_and_missing(zoom, api_client, teacher):
    lesson = make_lesson(teacher)
    assert api_client.post(start_url(lesson)).status_code in (401, 403)
    api_client.force_authenticate(teacher)
    assert api_client.post("/api/lessons/live/999999/start/").status_code == 404


@pytest.mark.parametrize(
    ("starts_in", "status", "message"),
    [
        (timedelta(minutes=11), "scheduled", "The lesson can be started from %(time)s."),
        (timedelta(hours=-2), "scheduled", "This lesson is over."),
        (timedelta(minutes=0), "cancelled", "This lesson is cancelled."),
    ],
)
def test_outside_its_window_it_cannot_start(zoom, api_client, teacher, starts_in, status, message):
    make_account(zoom)
    lesson = make_lesson(teacher, starts_in=starts_in, status=status)
    api_client.force_authenticate(teacher)
    response = api_client.post(start_url(lesson))
    assert response.status_code == 409
    expected = gettext(message).split("%(time)s")[0]  # the part before the time, if any
    assert response.json()["detail"].startswith(expected)
    assert zoom.requests == [] and not ZoomAccount.objects.filter(is_busy=True).exists()


def test_ten_minutes_before_is_early_enough(zoom, teacher):
    make_account(zoom)
    lesson = make_lesson(teacher, starts_in=timedelta(minutes=9, seconds=50))
    started = services.start_lesson(teacher, lesson)
    assert started.status == LiveLesson.Status.LIVE
    # Zoom is asked for the lesson's own start and length.
    meeting = zoom.meetings[started.zoom_meeting_id]
    assert meeting["start_time"] == f"{lesson.start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    assert meeting["duration"] == 60


def test_no_accounts_configured(zoom, api_client, teacher):
    make_account(zoom, is_active=False)
    api_client.force_authenticate(teacher)
    response = api_client.post(start_url(make_lesson(teacher)))
    assert response.status_code == 503
    assert response.json()["detail"] == gettext("No video accounts are configured.")


def test_a_busy_pool_answers_429_and_changes_nothing(zoom, api_client, teacher):
    account = make_account(zoom)
    make_account(zoom, is_active=False)  # inactive accounts are never lent
    taken = make_lesson()
    services.start_lesson(taken.teacher, taken)
    lesson = make_lesson(teacher)
    before = list(ZoomAccount.objects.values().order_by("pk"))
    api_client.force_authenticate(teacher)

    response = api_client.post(start_url(lesson))

    assert response.status_code == 429
    assert response.json()["detail"] == gettext(
        "All video accounts are busy, try again in a few minutes."
    )
    assert response["Retry-After"]
    assert list(ZoomAccount.objects.values().order_by("pk")) == before
    lesson.refresh_from_db()
    assert lesson.status == "scheduled" and not lesson.zoom_meeting_id
    assert ZoomAccount.objects.get(pk=account.pk).current_lesson == taken
    assert len(zoom.calls("create")) == 1


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (500, {"code": 500, "message": "Internal Error"}),
        (400, {"code": 300, "message": "Invalid meeting settings."}),
    ],
)
def test_zoom_failing_gives_the_account_back(zoom, api_client, teacher, status, body):
    account = make_account(zoom)
    lesson = make_lesson(teacher)
    zoom.fail("create", status, body)
    api_client.force_authenticate(teacher)

    response = api_client.post(start_url(lesson))

    assert response.status_code == 502
    assert body["message"] in response.json()["detail"]
    account.refresh_from_db()
    assert not account.is_busy and account.current_lesson is None and account.busy_since is None
    assert body["message"] in account.last_error and account.last_error_at
    lesson.refresh_from_db()
    assert lesson.status == "scheduled" and not lesson.zoom_meeting_id and not lesson.start_url
    # Trying again works, and a success clears the account's error.
    assert api_client.post(start_url(lesson)).status_code == 200
    account.refresh_from_db()
    assert account.is_busy and account.last_error == ""


def test_a_failed_account_goes_to_the_back_of_the_queue(zoom, teacher):
    first = make_account(zoom)
    second = make_account(zoom)
    zoom.fail("create", 500)
    lesson = make_lesson(teacher)
    with pytest.raises(services.ZoomFailed):
        services.start_lesson(teacher, lesson)
    services.start_lesson(teacher, lesson)
    assert ZoomAccount.objects.get(is_busy=True) == second
    assert "Fake Zoom failure" in ZoomAccount.objects.get(pk=first.pk).last_error


def test_refreshing_the_start_url_failing_keeps_the_account(zoom, teacher):
    account = make_account(zoom)
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    LiveLesson.objects.filter(pk=lesson.pk).update(
        start_url_fetched_at=timezone.now() - timedelta(hours=3)
    )
    zoom.fail("get", 500)
    with pytest.raises(services.ZoomFailed) as failed:
        services.start_lesson(teacher, lesson)
    renew = gettext("Zoom could not renew the lesson's start link: %(error)s")
    assert str(failed.value).startswith(renew.split("%(error)s")[0])
    account.refresh_from_db()
    assert account.current_lesson_id == lesson.pk and "Fake Zoom failure" in account.last_error


def test_a_lesson_ended_early_can_be_started_again(zoom, teacher):
    make_account(zoom)
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    first_meeting = lesson.zoom_meeting_id
    services.release(lesson)
    lesson.refresh_from_db()
    assert lesson.status == "ended" and lesson.ended_at

    again = services.start_lesson(teacher, lesson)

    assert again.status == "live" and again.zoom_meeting_id != first_meeting
    assert again.ended_at is None and again.started_at == lesson.started_at


def test_a_second_click_waits_for_the_first(zoom, teacher, settings):
    """The first request reserved an account and is still waiting for Zoom: the second does
    not take another account; it gives up after the wait with a clear message."""
    settings.ZOOMPOOL_START_WAIT_SECONDS = 0.3
    account = make_account(zoom)
    make_account(zoom)
    lesson = make_lesson(teacher)
    ZoomAccount.objects.filter(pk=account.pk).update(
        is_busy=True, current_lesson=lesson, busy_since=timezone.now()
    )
    with pytest.raises(services.LessonStarting):
        services.start_lesson(teacher, lesson)
    assert ZoomAccount.objects.filter(is_busy=True).count() == 1 and zoom.requests == []
