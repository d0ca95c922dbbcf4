"""Generated clips (ffmpeg's test pattern and a tone), built once per test session, and a
helper that uploads one to the media library and lets the real pipeline transcode it; the
upload protocol as a browser speaks it (videos.uploads)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.base import ContentFile

from courses.models import CourseMedia


def generate(target: Path, *, size: str, rate: int, seconds: int, audio: bool) -> Path:
    command = [
        "ffmpeg", "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", f"testsrc=size={size}:rate={rate}:duration={seconds}",
    ]  # fmt: skip
    if audio:
        command += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        command += ["-c:a", "aac", "-shortest"]
    command.append(str(target))
    subprocess.run(command, check=True, timeout=120)  # noqa: S603 - fixed test tooling
    return target


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> dict[str, Path]:
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        pytest.fail("ffmpeg and ffprobe are required (scripts/system_tools.sh installs them)")
    folder = tmp_path_factory.mktemp("clips")
    return {
        # 720p at a low frame rate: the 360p and 720p rungs, not 1080p; with sound.
        "hd": generate(folder / "hd.mp4", size="1280x720", rate=10, seconds=5, audio=True),
        # Below the smallest rung, silent: one rendition at its own size.
        "small": generate(folder / "small.mp4", size="480x270", rate=5, seconds=3, audio=False),
    }


@pytest.fixture
def upload(django_capture_on_commit_callbacks):
    """Put a file into the media library as a video; the pipeline runs on commit (eagerly)."""

    def upload(path: Path | None = None, *, content: bytes = b"", user=None, title="Разбор"):
        with django_capture_on_commit_callbacks(execute=True):
            if path is not None:
                with path.open("rb") as handle:
                    media = CourseMedia.objects.create(
                        title=title,
                        type="video",
                        file=File(handle, name=path.name),
                        uploaded_by_user=user,
                    )
            else:
                media = CourseMedia.objects.create(
                    title=title,
                    type="video",
                    file=ContentFile(content, name="lesson.mp4"),
                    uploaded_by_user=user,
                )
        return CourseMedia.objects.select_related("transcode").get(pk=media.pk)

    return upload


def ffprobe(path: str) -> dict:
    """ffprobe's reading (format and first video stream) of an output file."""
    done = subprocess.run(  # noqa: S603 - fixed test tooling
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_streams",
            "-show_format",
            "-select_streams",
            "v:0",
            path,
        ],  # fmt: skip
        capture_output=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)


# --- Resumable uploads (videos.uploads) ------------------------------------------------------


def _ffmpeg(*arguments: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg (scripts/system_tools.sh installs it)")
    subprocess.run(  # noqa: S603 - fixed arguments
        ["ffmpeg", "-v", "error", "-y", *arguments], check=True, timeout=60
    )


@pytest.fixture(scope="session")
def small_clip(tmp_path_factory) -> bytes:
    """A 2-second 160x120 test pattern in MP4 (about 8 KB)."""
    path = tmp_path_factory.mktemp("clips") / "small.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture(scope="session")
def five_seconds(tmp_path_factory) -> Path:
    """A 5-second 160x120 test pattern with a tone (tens of kilobytes): below the smallest
    rung of the ladder, so it is transcoded once, at its own size."""
    path = tmp_path_factory.mktemp("story") / "дроби.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=5",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=5",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-shortest", str(path),
    )  # fmt: skip
    return path


@pytest.fixture(scope="session")
def big_clip(tmp_path_factory) -> bytes:
    """A 3-second clip of noise (incompressible): over 5 MB, so S3 takes it in two parts."""
    path = tmp_path_factory.mktemp("clips") / "noise.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "nullsrc=s=320x240:r=25,geq=random(1)*255:128:128", "-t", "3",
        "-c:v", "mpeg4", "-q:v", "1", str(path),
    )  # fmt: skip
    data = path.read_bytes()
    assert len(data) > 5 * 1024 * 1024
    return data


class Uploader:
    """The browser's side of the protocol (portal/static/js/video_upload.js), over the API."""

    def __init__(self, client, put) -> None:
        self.client = client
        self.put = put  # (url, bytes) -> (status, etag)
        self.sent: list[int] = []

    def start(self, filename: str, size: int, **extra):
        return self.client.post(
            "/api/videos/uploads/", {"filename": filename, "size": size, **extra}, format="json"
        )

    def parts(self, session_id) -> list[dict]:
        answer = self.client.get(f"/api/videos/uploads/{session_id}/parts/")
        assert answer.status_code == 200, answer.content
        return answer.json()

    def send(self, session: dict, data: bytes, numbers) -> None:
        size = session["part_size"]
        for number in numbers:
            target = self.client.get(f"/api/videos/uploads/{session['id']}/parts/{number}/url/")
            assert target.status_code == 200, target.content
            chunk = data[(number - 1) * size : number * size]
            status, etag = self.put(target.json()["url"], chunk)
            assert status == 200 and etag, (status, etag)
            self.sent.append(number)

    def complete(self, session_id):
        return self.client.post(f"/api/videos/uploads/{session_id}/complete/")
