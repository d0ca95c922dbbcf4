"""recording.completed: the recording is stored and copied into media storage by Celery, with
the event's download token, retries for passing failures, and no second copy."""

import time
from datetime import timedelta
from importlib import import_module

import pytest
from celery.exceptions import Retry
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from learning.zoompool import services, tasks
from learning.zoompool.models import LessonRecording

from ..factories import StudentFactory, TeacherFactory
from .conftest import make_account, make_lesson, signed
from .fake_zoom import MP4_HEADER

pytestmark = pytest.mark.django_db

VIDEO = MP4_HEADER + b"lesson video " * 50_000


@pytest.fixture
def ended(zoom, teacher):
    account = make_account(zoom)
    lesson = services.start_lesson(teacher, make_lesson(teacher))
    services.release(lesson)
    return lesson, account


def completed(lesson, account, files, *, token="dl-token-1", event_ts=None) -> dict:
    return {
        "event": "recording.completed",
        "event_ts": event_ts or int(time.time() * 1000),
        "download_token": token,
        "payload": {
            "account_id": account.account_id,
            "object": {
                "id": int(lesson.zoom_meeting_id),
                "uuid": lesson.zoom_meeting_uuid,
                "topic": lesson.title,
                "share_url": "https://zoom.us/rec/share/fake",
                "recording_files": files,
            },
        },
    }


def recording_file(file_id: str, url: str, *, file_type="MP4", size=None) -> dict:
    return {
        "id": file_id,
        "recording_start": "2026-03-02T12:30:05Z",
        "recording_end": "2026-03-02T13:29:35Z",
        "file_type": file_type,
        "file_extension": file_type,
        "file_size": size,
        "play_url": f"https://zoom.us/rec/play/{file_id}",
        "download_url": url,
        "status": "completed",
        "recording_type": "shared_screen_with_speaker_view",
    }


def deliver(client, capture, body, account):
    with capture(execute=True):
        response = client.post("/api/zoom/webhook/", **signed(body, account.webhook_secret_token))
    assert response.status_code == 200, response.content
    return response.json()


def test_recording_completed_downloads_the_video_into_media_storage(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    video_url = zoom.add_file(VIDEO, download_token="dl-token-1")
    files = [
        recording_file("file-mp4", video_url, size=len(VIDEO)),
        recording_file("file-chat", zoom.add_file(b"chat"), file_type="CHAT"),
    ]

    answer = deliver(
        client, django_capture_on_commit_callbacks, completed(lesson, account, files), account
    )

    [recording] = LessonRecording.objects.all()  # the chat file is not a recording
    assert answer["recordings"] == [recording.pk]
    assert recording.lesson == lesson and recording.account == account
    assert recording.status == LessonRecording.Status.READY
    assert recording.url == "https://zoom.us/rec/play/file-mp4"
    assert recording.size == len(VIDEO) and recording.duration == timedelta(minutes=59, seconds=30)
    assert recording.download_token == ""  # not kept once used
    with recording.file.open("rb") as stored:  # through the field's (private) storage
        assert stored.read() == VIDEO
    assert recording.file.name.startswith(f"recordings/{lesson.pk}/")
    assert recording.file.name.endswith(".mp4")
    [download] = zoom.calls("download")
    assert download["headers"]["authorization"] == "Bearer dl-token-1"
    assert list(lesson.recordings.all()) == [recording]


def test_the_same_event_twice_stores_and_downloads_once(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    body = completed(
        lesson, account, [recording_file("f1", zoom.add_file(VIDEO, download_token="dl-token-1"))]
    )
    deliver(client, django_capture_on_commit_callbacks, body, account)
    again = deliver(client, django_capture_on_commit_callbacks, body, account)
    assert again == {"received": True, "duplicate": True}
    # Sent anew later (another event time): the ready file is not fetched again.
    body["event_ts"] += 1000
    assert deliver(client, django_capture_on_commit_callbacks, body, account)["recordings"] == []
    assert LessonRecording.objects.count() == 1 and len(zoom.calls("download")) == 1


def test_passing_failures_are_retried(ended, zoom, client, django_capture_on_commit_callbacks):
    lesson, account = ended
    url = zoom.add_file(VIDEO, download_token="dl-token-1")
    zoom.fail("download", 503, times=2)
    zoom.fail("download", 429)
    deliver(
        client,
        django_capture_on_commit_callbacks,
        completed(lesson, account, [recording_file("f1", url)]),
        account,
    )
    recording = LessonRecording.objects.get()
    assert recording.status == "ready" and recording.attempts == 4
    assert len(zoom.calls("download")) == 4


def test_retries_run_out_and_the_recording_says_failed(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    url = zoom.add_file(VIDEO, download_token="dl-token-1")
    zoom.fail("download", 500, times=tasks.DOWNLOAD_RETRIES + 1)
    deliver(
        client,
        django_capture_on_commit_callbacks,
        completed(lesson, account, [recording_file("f1", url)]),
        account,
    )
    recording = LessonRecording.objects.get()
    assert recording.status == "failed" and "Fake Zoom failure 500" in recording.download_error
    assert not recording.file
    assert len(zoom.calls("download")) == tasks.DOWNLOAD_RETRIES + 1


def test_a_truncated_file_is_fetched_again(ended, zoom, client, django_capture_on_commit_callbacks):
    lesson, account = ended
    url = zoom.add_file(VIDEO, download_token="dl-token-1")
    body = completed(lesson, account, [recording_file("f1", url, size=len(VIDEO) + 10)])
    deliver(client, django_capture_on_commit_callbacks, body, account)
    recording = LessonRecording.objects.get()
    assert recording.status == "failed" and "incomplete download" in recording.download_error


def test_an_expired_download_token_falls_back_to_the_apps_token(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    url = zoom.add_file(VIDEO)  # the event's token is not accepted (24 hours passed)
    deliver(
        client,
        django_capture_on_commit_callbacks,
        completed(lesson, account, [recording_file("f1", url)], token="expired"),
        account,
    )
    recording = LessonRecording.objects.get()
    assert recording.status == "ready"
    first, second = zoom.calls("download")
    assert first["headers"]["authorization"] == "Bearer expired"
    assert second["headers"]["authorization"].startswith("Bearer fake-")


def test_something_that_is_not_a_video_is_refused(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    url = zoom.add_file(b"<html>Sign in to Zoom</html>", download_token="dl-token-1")
    deliver(
        client,
        django_capture_on_commit_callbacks,
        completed(lesson, account, [recording_file("f1", url)]),
        account,
    )
    recording = LessonRecording.objects.get()
    assert recording.status == "failed" and "not a video" in recording.download_error
    assert not recording.file
    assert len(zoom.calls("download")) == 1  # permanent: not retried


def test_a_failed_recording_is_fetched_again_when_zoom_sends_it_again(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    url = zoom.add_file(VIDEO, download_token="new-token")
    zoom.revoke_tokens()
    account.client_secret = "changed"  # the app's own token cannot help either
    account.save()
    body = completed(lesson, account, [recording_file("f1", url)], token="old-token")
    deliver(client, django_capture_on_commit_callbacks, body, account)
    assert LessonRecording.objects.get().status == "failed"
    body.update(event_ts=body["event_ts"] + 1, download_token="new-token")
    deliver(client, django_capture_on_commit_callbacks, body, account)
    assert LessonRecording.objects.get().status == "ready"


def test_recordings_of_unknown_meetings_are_ignored(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    body = completed(lesson, account, [recording_file("f1", zoom.add_file(VIDEO))])
    body["payload"]["object"]["id"] = 1
    assert deliver(client, django_capture_on_commit_callbacks, body, account) == {
        "received": True,
        "lesson": None,
    }
    assert not LessonRecording.objects.exists()


def test_who_sees_recordings(ended):
    lesson, _account = ended
    member = StudentFactory()
    lesson.group.memberships.create(student=member)
    assert services.can_view_recordings(lesson.teacher, lesson)
    assert services.can_view_recordings(member, lesson)
    assert not services.can_view_recordings(StudentFactory(), lesson)
    assert not services.can_view_recordings(TeacherFactory(), lesson)


def test_with_a_broker_a_failure_comes_back_later_with_backoff(ended, zoom):
    """Run as a worker would (not eagerly): the task asks Celery to retry in 2^n minutes."""
    lesson, account = ended
    url = zoom.add_file(VIDEO, download_token="t")
    recording = LessonRecording.objects.create(
        lesson=lesson, account=account, zoom_file_id="f", download_url=url, download_token="t"
    )
    zoom.fail("download", 503)
    task = tasks.download_recording
    task.push_request(
        retries=2, is_eager=False, called_directly=False, id="t1", args=[recording.pk], kwargs={}
    )
    try:
        with pytest.raises(Retry) as caught:
            task.run(recording.pk)
    finally:
        task.pop_request()
    assert caught.value.when == 240
    # The test settings run the retry at once (eagerly): it found Zoom well again.
    recording.refresh_from_db()
    assert recording.status == "ready" and recording.attempts == 2


# ---------------------------------------------------------------------------------------------
# Recordings are private files: never under /media/, only through the permission-checked view


@pytest.mark.urls("tests.zoompool.media_urls")
def test_a_downloaded_recording_is_never_public_media(
    ended, zoom, client, django_capture_on_commit_callbacks
):
    lesson, account = ended
    member = StudentFactory()
    lesson.group.memberships.create(student=member)
    url = zoom.add_file(VIDEO, download_token="dl-token-1")
    body = completed(lesson, account, [recording_file("f1", url, size=len(VIDEO))])
    deliver(client, django_capture_on_commit_callbacks, body, account)
    recording = LessonRecording.objects.get()
    assert recording.status == "ready"

    # Whatever a web server serves from the media folder, the recording is not there.
    assert client.get(f"/media/{recording.file.name}").status_code == 404
    assert not default_storage.exists(recording.file.name)
    # The group's student gets it through the recording page; an outsider does not.
    page = reverse("schedule:recording", args=[recording.pk])
    client.force_login(member)
    response = client.get(page)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == VIDEO
    client.force_login(StudentFactory())
    assert client.get(page).status_code == 404


def move_recordings():
    """The data migration's function, run as `migrate` runs it."""
    name = "learning.zoompool.migrations.0003_move_recordings_to_private_storage"
    import_module(name).move_recordings(apps, None)


@pytest.mark.urls("tests.zoompool.media_urls")
def test_recordings_saved_publicly_before_the_fix_are_moved(ended, client):
    lesson, _account = ended
    member = StudentFactory()
    lesson.group.memberships.create(student=member)
    name = f"recordings/{lesson.pk}/old-folder/lesson.mp4"
    cut_short = f"recordings/{lesson.pk}/other-folder/lesson.mp4"
    untouched = f"recordings/{lesson.pk}/private-folder/lesson.mp4"
    private = LessonRecording._meta.get_field("file").storage
    # As the old code left them: the video in the public media folder...
    assert default_storage.save(name, ContentFile(VIDEO)) == name
    assert default_storage.save(cut_short, ContentFile(VIDEO)) == cut_short
    # ... one already half copied by an interrupted run, one saved right.
    assert private.save(cut_short, ContentFile(VIDEO[:100])) == cut_short
    assert private.save(untouched, ContentFile(VIDEO)) == untouched
    rows = [
        LessonRecording.objects.create(
            lesson=lesson, zoom_file_id=f"f{n}", file=file, status=LessonRecording.Status.READY
        )
        for n, file in enumerate([name, cut_short, untouched])
    ]
    before = list(LessonRecording.objects.values().order_by("pk"))
    assert client.get(f"/media/{name}").status_code == 200  # public: the hole this closes

    move_recordings()
    move_recordings()  # a second run changes nothing

    assert list(LessonRecording.objects.values().order_by("pk")) == before  # only files moved
    client.force_login(member)
    for row in rows:
        assert client.get(f"/media/{row.file.name}").status_code == 404
        assert not default_storage.exists(row.file.name)
        response = client.get(reverse("schedule:recording", args=[row.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == VIDEO
