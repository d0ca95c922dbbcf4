"""The reconciliation: meetings Zoom has on pool accounts that the pool does not hold (a create
that timed out after reaching Zoom, a lesson deleted while live) are ended or deleted through
the real client, each recorded and shown in the admin; the pool's own meetings, and ones too
new to judge, are left alone."""

from datetime import UTC, timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.utils import timezone

from learning.schedule.models import LiveLesson
from learning.zoompool import services, tasks
from learning.zoompool.models import OrphanedMeeting, ZoomAccount

from ..factories import TeacherFactory, UserFactory
from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db

ADMIN = "/admin/zoom_orphaned_meetings/"


def zoom_time(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def ago(minutes: int) -> str:
    return zoom_time(timezone.now() - timedelta(minutes=minutes))


def later(minutes: int):
    return timezone.now() + timedelta(minutes=minutes)


def start(api_client, lesson):
    api_client.force_authenticate(lesson.teacher)
    return api_client.post(f"/api/lessons/live/{lesson.pk}/start/")


def test_a_create_that_timed_out_but_reached_zoom_is_deleted(zoom, api_client, settings):
    settings.ZOOMPOOL_START_TIMEOUT_SECONDS = 0.5
    account = make_account(zoom)
    lesson = make_lesson(TeacherFactory())
    zoom.stall("create", 1.0)  # Zoom makes the meeting, then answers too late
    assert start(api_client, lesson).status_code == 503
    [orphan_id] = zoom.meetings
    assert not LiveLesson.objects.filter(zoom_meeting_id=orphan_id).exists()
    # The lesson starts for real on a second try: its meeting is the pool's.
    assert start(api_client, lesson).status_code == 200
    lesson.refresh_from_db()

    # Within the grace time nothing is touched (a start may be recording a new meeting).
    assert services.reconcile() == services.ReconcileResult(accounts=1)
    result = services.reconcile(now=later(11))

    assert result == services.ReconcileResult(accounts=1, deleted=1)
    assert orphan_id not in zoom.meetings and lesson.zoom_meeting_id in zoom.meetings
    [delete] = zoom.calls("delete")
    assert delete["path"] == f"/v2/meetings/{orphan_id}"
    assert delete["query"] == {"schedule_for_reminder": "false", "cancel_meeting_reminder": "false"}
    lists = zoom.calls("list")
    assert {c["path"] for c in lists} == {f"/v2/users/{account.zoom_user_id}/meetings"}
    assert {c["query"]["type"] for c in lists} == {"live", "scheduled"}
    [record] = OrphanedMeeting.objects.all()
    assert (record.account, record.meeting_id, record.action) == (account, orphan_id, "deleted")
    assert record.topic == lesson.title and not record.was_live and record.made_at
    # Again: nothing more to do, and the lesson still holds its account and meeting.
    assert services.reconcile(now=later(11)) == services.ReconcileResult(accounts=1)
    assert ZoomAccount.objects.get(pk=account.pk).current_lesson == lesson


def test_a_live_meeting_nobody_holds_is_ended_then_deleted(zoom, api_client, teacher):
    account = make_account(zoom)
    lesson = make_lesson(teacher)
    assert start(api_client, lesson).status_code == 200
    lesson.refresh_from_db()
    meeting_id = lesson.zoom_meeting_id
    zoom.start(meeting_id)  # the teacher is in the meeting
    lesson.delete()  # ... and the lesson is deleted: the sweep frees the account
    assert services.sweep().orphaned == 1

    result = tasks.reconcile_meetings.delay().get()

    assert result == {"accounts": 1, "ended": 1, "deleted": 0, "failed": 0, "unreachable": 0}
    [end] = zoom.calls("end")
    assert end["path"] == f"/v2/meetings/{meeting_id}/status"
    assert zoom.meetings[meeting_id]["status"] == "ended"
    [record] = OrphanedMeeting.objects.all()
    assert record.was_live and record.action == "ended" and record.account == account
    # Ended, it is still listed as a past meeting nobody knows: the next run deletes it.
    assert services.reconcile(now=later(11)).deleted == 1
    assert meeting_id not in zoom.meetings
    assert list(OrphanedMeeting.objects.values_list("action", flat=True)) == ["deleted", "ended"]


def test_the_pools_own_meetings_are_left_alone(zoom, api_client, teacher):
    account = make_account(zoom)
    other = make_account(zoom)
    held = make_lesson(teacher)
    assert start(api_client, held).status_code == 200
    held.refresh_from_db()
    zoom.start(held.zoom_meeting_id)
    done = make_lesson(TeacherFactory())
    assert start(api_client, done).status_code == 200
    done.refresh_from_db()
    services.release(done)  # over: its past meeting stays in Zoom's list, and is known
    fresh = zoom.add_meeting(account.zoom_user_id, created_at=ago(2))  # maybe being recorded
    instant = zoom.add_meeting(other.zoom_user_id, created_at=ago(60), type=1)  # not a pool kind

    assert services.reconcile() == services.ReconcileResult(accounts=2)

    assert {held.zoom_meeting_id, done.zoom_meeting_id, fresh, instant} <= set(zoom.meetings)
    assert zoom.calls("end") == [] and zoom.calls("delete") == []
    assert not OrphanedMeeting.objects.exists()


def test_every_page_of_zooms_list_is_read(zoom):
    account = make_account(zoom)
    zoom.page_size = 2
    orphans = {zoom.add_meeting(account.zoom_user_id, created_at=ago(30)) for _ in range(5)}
    assert services.reconcile().deleted == 5
    assert not orphans & set(zoom.meetings)
    pages = [c for c in zoom.calls("list") if c["query"]["type"] == "scheduled"]
    assert len(pages) == 3 and pages[1]["query"]["next_page_token"]


def test_a_refusal_is_recorded_and_a_silent_zoom_skips_the_run(zoom, settings):
    first = make_account(zoom)
    second = make_account(zoom)
    stuck = zoom.add_meeting(first.zoom_user_id, created_at=ago(30))
    zoom.fail("delete", 400, {"code": 3000, "message": "Cannot delete this meeting."})
    result = services.reconcile()
    assert result == services.ReconcileResult(accounts=2, failed=1)
    [record] = OrphanedMeeting.objects.all()
    assert record.meeting_id == stuck and record.action == "failed"
    assert "Cannot delete this meeting" in record.error

    settings.ZOOM_TIMEOUT_SECONDS = 0.3
    settings.ZOOMPOOL_BREAKER_FAILURES = 1
    zoom.hang()
    result = services.reconcile()
    assert result == services.ReconcileResult(unreachable=1)  # the second account not tried
    first.refresh_from_db()
    assert "timed out" in first.last_error
    assert ZoomAccount.objects.get(pk=second.pk).last_error == ""


def test_it_runs_from_beat():
    [entry] = [
        e
        for e in django_settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "learning.zoompool.tasks.reconcile_meetings"
    ]
    assert entry["schedule"] <= 30 * 60
    assert tasks.reconcile_meetings.name == entry["task"]


def test_staff_see_what_was_done_in_the_admin(client, admin_user, zoom):
    account = make_account(zoom)
    zoom.add_meeting(account.zoom_user_id, created_at=ago(30), topic="Потерянная встреча")
    services.reconcile()
    client.force_login(admin_user)
    response = client.get(ADMIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Потерянная встреча" in html and account.label in html
    # A record: nobody adds or changes one.
    record = OrphanedMeeting.objects.get()
    assert client.get(f"{ADMIN}new/").status_code in (302, 403)
    assert client.get(f"{ADMIN}edit/{record.pk}/").status_code in (302, 403)
    assert client.post(f"{ADMIN}delete/{record.pk}/").status_code in (302, 403)
    assert OrphanedMeeting.objects.filter(pk=record.pk).exists()


def test_tutors_never_see_it(client):
    tutor = TeacherFactory()
    tutor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="zoompool"),
    )
    client.force_login(tutor)
    assert client.get(ADMIN).status_code in (302, 403)
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(codename="view_orphanedmeeting"),
    )
    client.force_login(staff)
    assert client.get(ADMIN).status_code == 200
