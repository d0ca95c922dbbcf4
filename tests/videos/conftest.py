"""Generated clips (ffmpeg's test pattern and a tone), built once per test session, and a
helper that uploads one to the media library and lets the real pipeline transcode it."""

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
