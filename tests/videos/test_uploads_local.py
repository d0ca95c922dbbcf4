"""Resumable chunked uploads on the local backend (the embedded default): parts through our own
PUT endpoint into the private storage, joined and read by ffprobe at completion."""

import os
from datetime import timedelta

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from courses.models import CourseMedia
from tests.factories import StudentFactory, TeacherFactory
from videos.models import UploadPart, UploadSession
from videos.tasks import abort_expired_uploads
from videos.uploads import services
from videos.uploads.backends import library_storage

from .conftest import Uploader

pytestmark = pytest.mark.django_db


def local_put(client):
    def put(url, chunk):
        answer = client.put(url, data=chunk, content_type="application/octet-stream")
        return answer.status_code, answer.get("ETag")

    return put


@pytest.fixture
def uploader(api_client, teacher):
    api_client.force_authenticate(teacher)
    return Uploader(api_client, local_put(api_client))


@pytest.fixture
def small_parts(settings):
    settings.VIDEOS_UPLOAD_PART_BYTES = 2048


def stored_files(session_id) -> list[str]:
    storage = library_storage()
    folder = f"uploads/{session_id}"
    if not storage.exists(folder):
        return []
    return storage.listdir(folder)[1]


def test_an_interrupted_upload_resumes_from_the_parts_the_server_holds(
    uploader, teacher, small_clip, small_parts
):
    started = uploader.start("Урок 1.mp4", len(small_clip), content_type="video/mp4")
    assert started.status_code == 201, started.content
    session = started.json()
    count = session["part_count"]
    assert session["backend"] == "local" and session["part_size"] == 2048 and count >= 4

    uploader.send(session, small_clip, [1, 2])  # …and the connection drops
    early = uploader.complete(session["id"])
    assert early.status_code == 409 and early.json()["code"] == "upload_incomplete"

    # The page is reloaded: it asks what the server holds and sends only the rest.
    held = uploader.parts(session["id"])
    assert [part["number"] for part in held] == [1, 2]
    assert all(part["size"] == 2048 and part["etag"].startswith('"') for part in held)
    missing = [n for n in range(1, count + 1) if n not in {p["number"] for p in held}]
    uploader.send(session, small_clip, missing)
    assert uploader.sent == list(range(1, count + 1))  # each part sent once

    done = uploader.complete(session["id"])
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "complete"
    media = CourseMedia.objects.get(pk=body["media"]["id"])
    assert media.file.read() == small_clip
    assert media.type == "video" and media.title == "Урок 1"
    assert media.uploaded_by_user == teacher
    assert media.collection.is_root()
    assert (media.width, media.height) == (160, 120)
    assert media.duration == pytest.approx(2, abs=0.2)
    assert media.file.name.startswith("media/") and media.file.name.endswith(".mp4")
    assert stored_files(session["id"]) == []
    assert not UploadPart.objects.exists()

    again = uploader.complete(session["id"])
    assert again.status_code == 409 and again.json()["code"] == "upload_closed"
    assert CourseMedia.objects.count() == 1


def test_a_retried_part_replaces_the_first_copy(uploader, small_clip, small_parts):
    session = uploader.start("clip.mp4", len(small_clip)).json()
    uploader.send(session, small_clip, [1, 1])
    assert [part["number"] for part in uploader.parts(session["id"])] == [1]
    assert len(stored_files(session["id"])) == 1


def test_a_text_file_named_mp4_is_refused_and_nothing_is_kept(uploader, small_parts):
    text = ("Это не видео, а просто текст.\n" * 200).encode()
    session = uploader.start("lesson.mp4", len(text), content_type="video/mp4").json()
    uploader.send(session, text, range(1, session["part_count"] + 1))

    refused = uploader.complete(session["id"])
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_a_video"
    assert "не является видео" in refused.json()["detail"]  # clear, and in Russian
    assert not CourseMedia.objects.exists()
    assert stored_files(session["id"]) == []
    stored = UploadSession.objects.get(pk=session["id"])
    storage = library_storage()
    assert not storage.exists(stored.storage_key)
    kept = storage.listdir("media")[1] if storage.exists("media") else []
    assert not [name for name in kept if stored.pk.hex[:8] in name]
    assert stored.status == "failed" and stored.error == refused.json()["detail"]
    assert uploader.client.get(f"/api/videos/uploads/{session['id']}/").json()["error"]


def test_a_name_that_is_not_a_video_is_refused_at_the_start(uploader):
    answer = uploader.start("notes.txt", 100)
    assert answer.status_code == 400 and "filename" in answer.json()
    assert not UploadSession.objects.exists()


def test_a_video_longer_than_allowed_is_refused(uploader, small_clip, settings):
    settings.VIDEOS_MAX_DURATION_SECONDS = 1
    session = uploader.start("clip.mp4", len(small_clip)).json()
    uploader.send(session, small_clip, [1])
    refused = uploader.complete(session["id"])
    assert refused.status_code == 400 and refused.json()["code"] == "not_a_video"
    assert not CourseMedia.objects.exists()


def test_a_declared_size_over_the_limit_is_refused_before_any_byte(uploader, settings):
    settings.VIDEOS_MAX_UPLOAD_BYTES = 10_000
    answer = uploader.start("big.mp4", 10_001)
    assert answer.status_code == 400
    message = answer.json()["size"][0]
    assert filesizeformat(10_001) in message and filesizeformat(10_000) in message
    assert not UploadSession.objects.exists()
    assert uploader.start("fits.mp4", 10_000).status_code == 201


def test_the_default_limit_is_two_gigabytes(uploader):
    assert uploader.start("big.mp4", 2 * 1024**3 + 1).status_code == 400
    session = uploader.start("fits.mp4", 2 * 1024**3).json()
    assert session["part_count"] == 256  # 8 MB parts


def test_a_part_longer_than_declared_is_refused(uploader, small_clip, small_parts):
    session = uploader.start("clip.mp4", 3000).json()  # two parts: 2048 and 952 bytes
    url = f"/api/videos/uploads/{session['id']}/parts/2/"
    too_long = uploader.client.put(url, data=b"x" * 953, content_type="application/octet-stream")
    assert too_long.status_code == 400
    short = uploader.client.put(url, data=b"x" * 10, content_type="application/octet-stream")
    assert short.status_code == 400
    beyond = uploader.client.put(
        f"/api/videos/uploads/{session['id']}/parts/3/",
        data=b"x",
        content_type="application/octet-stream",
    )
    assert beyond.status_code == 400
    assert uploader.parts(session["id"]) == []
    assert stored_files(session["id"]) == []


def test_nobody_else_can_touch_a_session(api_client, uploader, small_clip, small_parts):
    session = uploader.start("clip.mp4", len(small_clip)).json()
    uploader.send(session, small_clip, [1])
    base = f"/api/videos/uploads/{session['id']}/"

    other = TeacherFactory(verified=True)
    api_client.force_authenticate(other)
    for answer in [
        api_client.get(base),
        api_client.get(base + "parts/"),
        api_client.get(base + "parts/2/url/"),
        api_client.put(base + "parts/2/", data=small_clip[2048:4096], content_type="x/y"),
        api_client.post(base + "complete/"),
        api_client.delete(base),
    ]:
        assert answer.status_code == 404, answer.content
        assert answer.json()["code"] == "upload_not_found"
    stored = UploadSession.objects.get(pk=session["id"])
    assert stored.status == "open"
    assert list(stored.parts.values_list("number", flat=True)) == [1]

    api_client.force_authenticate(None)
    assert api_client.get(base).status_code in (401, 403)


def test_learners_without_a_confirmed_address_cannot_upload(api_client):
    # With a confirmed address they may (their members' materials: tests/materials).
    api_client.force_authenticate(StudentFactory(verified=False))
    answer = api_client.post(
        "/api/videos/uploads/", {"filename": "a.mp4", "size": 10}, format="json"
    )
    assert answer.status_code == 403 and answer.json()["code"] == "upload_not_allowed"


def test_abort_drops_the_parts(uploader, small_clip, small_parts):
    session = uploader.start("clip.mp4", len(small_clip)).json()
    uploader.send(session, small_clip, [1, 2])
    assert uploader.client.delete(f"/api/videos/uploads/{session['id']}/").status_code == 204
    assert stored_files(session["id"]) == []
    assert UploadSession.objects.get(pk=session["id"]).status == "aborted"
    target = uploader.client.get(f"/api/videos/uploads/{session['id']}/parts/3/url/")
    assert target.status_code == 409


def test_expired_uploads_are_aborted(settings, uploader, small_clip, small_parts):
    session = uploader.start("clip.mp4", len(small_clip)).json()
    uploader.send(session, small_clip, [1])
    assert abort_expired_uploads.delay().get() == 0
    assert services.abort_expired(timezone.now() + timedelta(days=2)) == 1
    # Celery beat runs the task hourly.
    entry = settings.CELERY_BEAT_SCHEDULE["videos-abort-expired-uploads"]
    assert entry["task"] == abort_expired_uploads.name
    assert stored_files(session["id"]) == []
    assert UploadSession.objects.get(pk=session["id"]).status == "aborted"
    assert os.path.basename(session["filename"]) == "clip.mp4"


def test_the_answers_conform_to_the_schema(uploader, small_clip, small_parts):
    from tests.api.openapi import conforms, load

    schema = load()
    client = uploader.client
    started = conforms(
        schema, "post", "/api/videos/uploads/", uploader.start("clip.mp4", len(small_clip))
    )
    base = f"/api/videos/uploads/{started['id']}/"
    conforms(
        schema,
        "get",
        "/api/videos/uploads/{id}/parts/{number}/url/",
        client.get(base + "parts/1/url/"),
    )
    stored = client.put(
        base + "parts/1/", data=small_clip[:2048], content_type="application/octet-stream"
    )
    conforms(schema, "put", "/api/videos/uploads/{id}/parts/{number}/", stored)
    conforms(schema, "get", "/api/videos/uploads/{id}/parts/", client.get(base + "parts/"))
    early = client.post(base + "complete/")
    assert conforms(schema, "post", "/api/videos/uploads/{id}/complete/", early)["code"]
    uploader.send(started, small_clip, range(2, started["part_count"] + 1))
    done = conforms(
        schema, "post", "/api/videos/uploads/{id}/complete/", client.post(base + "complete/")
    )
    assert done["media"]["duration"] > 0
    conforms(schema, "get", "/api/videos/uploads/{id}/", client.get(base))
    refused = uploader.start("notes.txt", 10)
    assert "filename" in conforms(schema, "post", "/api/videos/uploads/", refused)
