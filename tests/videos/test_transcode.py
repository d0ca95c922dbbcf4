"""The real pipeline on generated clips: ffmpeg makes HLS renditions, a poster and a seek
strip into private storage; ffprobe reads them back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile

from courses.models import CourseMedia
from portal.storages import private_storage
from videos import services
from videos.errors import NotRetryable, RetryNotAllowed
from videos.models import Transcode
from videos.probe import probe
from videos.tasks import transcode_media
from videos.transcode import ffmpeg
from videos.transcode import make as make_outputs

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import ffprobe

pytestmark = pytest.mark.django_db


def stored(job: Transcode, name: str) -> str:
    return private_storage().path(job.prefix + name)


def text(job: Transcode, name: str) -> str:
    with private_storage().open(job.prefix + name, "rb") as handle:
        return handle.read().decode()


def stream(job: Transcode, name: str) -> dict:
    return ffprobe(stored(job, name))["streams"][0]


def test_a_clip_becomes_hls_renditions_with_a_poster_and_a_strip(clips, upload):
    media = upload(clips["hd"])
    job = media.transcode
    assert job.status == Transcode.Status.READY, job.error
    assert job.progress == 100 and job.attempts == 1
    assert job.prefix.startswith(f"hls/{media.pk}/")
    assert (job.width, job.height) == (1280, 720)
    assert job.duration == pytest.approx(5, abs=0.2)
    # 1080p is not made from a 720p source.
    assert [(r["width"], r["height"]) for r in job.renditions] == [(640, 360), (1280, 720)]

    master = text(job, "master.m3u8")
    assert re.findall(r"RESOLUTION=(\d+x\d+)", master) == ["640x360", "1280x720"]
    assert "stream_0.m3u8" in master and "stream_1.m3u8" in master
    for index, size in enumerate([(640, 360), (1280, 720)]):
        reading = stream(job, f"stream_{index}.m3u8")
        assert (reading["width"], reading["height"]) == size
        assert reading["codec_name"] == "h264"
        variant = text(job, f"stream_{index}.m3u8")
        assert "#EXT-X-ENDLIST" in variant
        segments = re.findall(r"^stream_\d+_\d+\.ts$", variant, re.M)
        assert len(segments) == 1  # 5 s at the default 6 s per segment
    audio = ffprobe(stored(job, "stream_0_00000.ts"))
    assert float(audio["format"]["duration"]) == pytest.approx(5, abs=0.3)

    poster = stream(job, "poster.jpg")
    assert (poster["codec_name"], poster["width"], poster["height"]) == ("mjpeg", 1280, 720)
    sprite = stream(job, "thumbnails.jpg")
    assert (sprite["width"], sprite["height"]) == (160 * 5, 90)  # one frame a second, a row
    vtt = text(job, "thumbnails.vtt")
    assert vtt.startswith("WEBVTT")
    assert "00:00:04.000 --> " in vtt and "thumbnails.jpg#xywh=640,0,160,90" in vtt

    media.refresh_from_db()
    assert media.duration == pytest.approx(5, abs=0.2) and media.height == 720
    assert private_storage().exists(media.file.name)  # the original is kept by default


def test_a_small_source_is_not_upscaled(clips, upload):
    job = upload(clips["small"]).transcode
    assert job.status == Transcode.Status.READY, job.error
    assert [(r["width"], r["height"]) for r in job.renditions] == [(480, 270)]
    reading = stream(job, "stream_0.m3u8")
    assert (reading["width"], reading["height"]) == (480, 270)
    assert "RESOLUTION=480x270" in text(job, "master.m3u8")


def test_segments_follow_the_setting(clips, upload, settings):
    settings.VIDEOS_SEGMENT_SECONDS = 1
    job = upload(clips["small"]).transcode
    variant = text(job, "stream_0.m3u8")
    assert len(re.findall(r"^stream_0_\d+\.ts$", variant, re.M)) == 3


def test_a_corrupt_file_fails_with_a_reason_and_a_retry_runs_again(
    clips, upload, django_capture_on_commit_callbacks
):
    tutor = TeacherFactory(verified=True)
    media = upload(content=b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 500, user=tutor)
    job = media.transcode
    assert job.status == Transcode.Status.FAILED
    # In the worker's language: the reason is stored as people will read it.
    assert any(word in job.error.lower() for word in ("not a video", "не является видео"))
    assert job.attempts == 1 and job.prefix == ""

    with pytest.raises(RetryNotAllowed):
        services.retry(StudentFactory(verified=True), job)

    # The uploader puts the real bytes in place and retries: the same job runs again.
    with private_storage().open(media.file.name, "wb") as handle:
        handle.write(clips["small"].read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        services.retry(tutor, job)
    job.refresh_from_db()
    assert job.status == Transcode.Status.READY, job.error
    assert job.attempts == 2 and job.error == ""

    with pytest.raises(NotRetryable):
        services.retry(AdminFactory(verified=True), job)


def test_a_too_long_video_is_refused(clips, upload, settings):
    settings.VIDEOS_MAX_DURATION_SECONDS = 2
    job = upload(clips["small"]).transcode
    assert job.status == Transcode.Status.FAILED
    assert job.error


def test_the_task_is_idempotent(clips, upload):
    media = upload(clips["small"])
    prefix = media.transcode.prefix
    assert transcode_media.delay(media.pk).get() is None
    job = Transcode.objects.get(media=media)
    assert (job.attempts, job.prefix, job.status) == (1, prefix, Transcode.Status.READY)


def test_a_new_file_is_transcoded_again_and_the_old_output_goes(
    clips, upload, django_capture_on_commit_callbacks
):
    media = upload(clips["small"])
    old = media.transcode.prefix
    with clips["hd"].open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        media.file = File(handle, name="new.mp4")
        media.save()
    job = Transcode.objects.get(media=media)
    assert job.status == Transcode.Status.READY, job.error
    assert job.prefix != old and job.height == 720 and job.attempts == 1
    assert not private_storage().exists(old + "master.m3u8")
    assert private_storage().exists(job.prefix + "master.m3u8")


def test_saving_without_a_new_file_starts_nothing(clips, upload):
    media = upload(clips["small"])
    media.title = "Другое название"
    media.save()
    job = Transcode.objects.get(media=media)
    assert job.status == Transcode.Status.READY and job.attempts == 1


def test_audio_is_not_transcoded(upload, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        media = CourseMedia.objects.create(
            title="Подкаст", type="audio", file=ContentFile(b"ID3", name="talk.mp3")
        )
    assert not Transcode.objects.filter(media=media).exists()


def test_the_original_is_dropped_when_the_setting_says_so(clips, upload, settings):
    settings.VIDEOS_KEEP_ORIGINAL = False
    media = upload(clips["small"])
    job = media.transcode
    assert job.status == Transcode.Status.READY and job.original_dropped
    assert not private_storage().exists(media.file.name)
    sources = services.sources_for(media, AdminFactory(verified=True))
    assert sources.file_url == "" and sources.hls_url.endswith("/master.m3u8")


def test_progress_moves_forward(clips, tmp_path):
    reading = probe(str(clips["hd"]))
    seen: list[int] = []
    make_outputs(str(clips["hd"]), tmp_path, reading, on_progress=seen.append)
    assert seen and seen == sorted(seen)
    assert seen[-1] >= 80 and all(0 <= value <= 99 for value in seen)


def test_progress_writes_are_throttled():
    media = CourseMedia.objects.create(
        title="Подкаст", type="audio", file=ContentFile(b"ID3", name="talk.mp3")
    )
    job = Transcode.objects.create(media=media, run_token="run", status="transcoding")
    every = services.ProgressRecorder(job.pk, "run", interval=0)
    for percent in (10, 10, 5, 40):
        every(percent)
    job.refresh_from_db()
    assert (job.progress, every.writes) == (40, 2)  # forward only

    slow = services.ProgressRecorder(job.pk, "run", interval=3600)
    for percent in (50, 60, 70):
        slow(percent)
    job.refresh_from_db()
    assert (job.progress, slow.writes) == (50, 1)

    stale = services.ProgressRecorder(job.pk, "superseded", interval=0)
    stale(90)
    job.refresh_from_db()
    assert job.progress == 50


def test_ffmpeg_is_given_the_input_whitelists(clips, tmp_path):
    command = ffmpeg.hls_command("in.mp4", tmp_path, probe(str(clips["small"])), [])
    assert command[command.index("-format_whitelist") + 1] == ffmpeg.FORMAT_WHITELIST
    assert command[command.index("-protocol_whitelist") + 1] == "file,http,https,tcp,tls"
    assert command.index("-protocol_whitelist") < command.index("-i")


def test_deleting_the_video_deletes_its_outputs(clips, upload, django_capture_on_commit_callbacks):
    media = upload(clips["small"])
    prefix, job_id = media.transcode.prefix, media.transcode.pk
    assert private_storage().exists(prefix + "master.m3u8")
    with django_capture_on_commit_callbacks(execute=True):
        media.delete()
    assert not Transcode.objects.filter(pk=job_id).exists()
    assert not private_storage().exists(prefix + "master.m3u8")


def test_a_storage_error_is_retried_then_reported(clips, upload, settings):
    """Saving the output fails (here: "hls" is a file, not a folder): the task tries again,
    then gives up with the reason, and nothing half-written stays."""
    settings.VIDEOS_MAX_ATTEMPTS = 1
    blocker = Path(private_storage().path("hls"))
    moved = blocker.with_name("hls-aside")
    if blocker.exists():
        blocker.rename(moved)
    blocker.write_bytes(b"in the way")
    try:
        with clips["small"].open("rb") as handle:
            media = CourseMedia.objects.create(
                title="Разбор", type="video", file=File(handle, name="small.mp4")
            )  # the task is run below, by hand (on_commit callbacks do not run here)
        # Eagerly, Celery runs the retry at once, then raises Retry for the first run.
        transcode_media.apply(args=[media.pk], throw=False)
        job = Transcode.objects.get(media=media)
    finally:
        blocker.unlink()
        if moved.exists():
            moved.rename(blocker)
    assert job.status == Transcode.Status.FAILED
    assert job.attempts == 2  # the first run and one retry
    assert job.error and job.prefix == ""
