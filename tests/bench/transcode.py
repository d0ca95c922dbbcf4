"""Transcoding throughput: seconds of video made per second of CPU, for the whole ladder.

    .venv/bin/python -m tests.bench.transcode [--seconds 20] [--no-docs] [--no-rungs]

1. Generates a 1080p clip with sound (ffmpeg's moving ``testsrc2`` pattern with light
   grain, so x264 has detail to spend bits on, and a tone), 25 frames a second, encoded
   near-losslessly so decoding it costs what a camera file's would.
2. Puts it into the media library as a ``CourseMedia`` video (with the task's enqueue on
   commit disconnected) and runs ``videos.services.pipeline.run`` on it, the function the
   Celery task calls: probe, the ladder (360p, 720p and 1080p from one ffmpeg),
   the poster, the seek-preview strip, the copy into storage and the database writes.
   CPU time is ``getrusage`` of this process (``RUSAGE_SELF``) plus its finished children
   (``RUSAGE_CHILDREN``: ffprobe and the ffmpegs), user + system.
3. Unless ``--no-rungs``: each rung again on its own (``ffmpeg.hls_command`` with that one
   rung), what one rendition costs (each of these decodes the source again; the ladder
   decodes it once for all).

The figures are "× real time": seconds of video per CPU second and per wall second (above
1: faster than playing it). The database is a throwaway one as in tests/bench/schedule.py;
the library and HLS files go to temporary folders removed at the end. The results replace
the part of docs/benchmarks.md between the ``bench:transcode`` markers (unless --no-docs).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .schedule import _database, _django, _drop

DOCS = Path(__file__).resolve().parents[2] / "docs" / "benchmarks.md"
START, END = "<!-- bench:transcode -->", "<!-- /bench:transcode -->"
SOURCE_SIZE = "1920x1080"
RATE = 25


@dataclass
class Sample:
    label: str
    video_seconds: float
    cpu: float
    wall: float

    @property
    def per_cpu(self) -> float:
        return self.video_seconds / self.cpu if self.cpu else 0.0

    @property
    def per_wall(self) -> float:
        return self.video_seconds / self.wall if self.wall else 0.0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measured(label: str, video_seconds: float, work) -> Sample:
    cpu, wall = _cpu(), time.perf_counter()
    work()
    return Sample(label, video_seconds, _cpu() - cpu, time.perf_counter() - wall)


def generate(target: Path, seconds: int) -> Path:
    command = [
        "ffmpeg", "-v", "error", "-nostdin", "-y",
        "-f", "lavfi", "-i", f"testsrc2=size={SOURCE_SIZE}:rate={RATE}:duration={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
        "-vf", "noise=alls=6:allf=t",
        "-c:v", "libx264", "-preset", "ultrafast", "-crf", "16", "-pix_fmt", "yuv420p",
        "-c:a", "aac", "-b:a", "192k", "-shortest",
        str(target),
    ]  # fmt: skip
    subprocess.run(command, check=True, timeout=300)  # noqa: S603 - fixed bench tooling
    return target


def run_pipeline(clip: Path) -> tuple[Sample, object]:
    """The real job on a library video; returns its sample and the finished Transcode."""
    from django.core.files import File
    from wagtail.models import Collection

    from courses.models import CourseMedia
    from videos.models import Transcode
    from videos.services import pipeline, transcode_requested

    Collection.add_root(name="Root")
    # The task would run on commit (eagerly under the test settings): run it ourselves.
    transcode_requested.disconnect(dispatch_uid="videos.enqueue_transcode")
    with clip.open("rb") as handle:
        media = CourseMedia.objects.create(
            title="Бенчмарк", type="video", file=File(handle, name=clip.name)
        )
    status = {}
    sample = measured("", 0.0, lambda: status.setdefault("end", pipeline.run(media.pk)))
    job = Transcode.objects.get(media=media)
    assert status["end"] == Transcode.Status.READY, (status, job.error)
    sample.video_seconds = job.duration
    sample.label = "pipeline: ladder " + " + ".join(f"{r['height']}p" for r in job.renditions)
    return sample, job


def run_rungs(clip: Path) -> list[Sample]:
    """Each rung alone, the same ffmpeg command the ladder uses with one rendition."""
    from videos.probe import probe
    from videos.transcode import ffmpeg, rungs_for, stills

    reading = probe(str(clip))
    samples = []
    for rung in rungs_for(reading):
        with tempfile.TemporaryDirectory(prefix="ustat-bench-rung-") as out:
            command = ffmpeg.hls_command(str(clip), Path(out), reading, [rung])
            samples.append(
                measured(
                    f"{rung.height}p alone",
                    reading.duration,
                    lambda c=command: ffmpeg.run(c, duration=reading.duration),
                )
            )
    with tempfile.TemporaryDirectory(prefix="ustat-bench-stills-") as out:

        def pictures():
            stills.poster(str(clip), Path(out), reading)
            stills.strip(str(clip), Path(out), reading)

        samples.append(measured("poster + seek strip", reading.duration, pictures))
    return samples


def report(seconds: int, pipeline: Sample, rungs: list[Sample], job) -> str:
    from django.conf import settings

    from videos.app_settings import app_settings

    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cores = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    version = subprocess.run(  # noqa: S603 - fixed bench tooling
        ["ffmpeg", "-version"], capture_output=True, text=True, check=False
    ).stdout.split(" Copyright", 1)[0]
    rows = [
        f"| {s.label} | {s.video_seconds:.1f} | {s.cpu:.1f} | {s.wall:.1f} "
        f"| {s.per_cpu:.2f} | {s.per_wall:.2f} | {s.cpu / s.wall if s.wall else 0:.2f} |"
        for s in [pipeline, *rungs]
    ]
    return "\n".join(
        [
            f"Measured {now}: a {seconds} s {SOURCE_SIZE} clip at {RATE} fps with sound "
            f"({job.width}×{job.height} read), x264 preset `{app_settings.VIDEOS_X264_PRESET}`, "
            f"{app_settings.VIDEOS_SEGMENT_SECONDS} s segments; {version.strip()}; "
            f"{cores} cores ({_cpu_model()}), load average {load} at the end; "
            f"storage: {settings.STORAGES['default']['BACKEND'].rsplit('.', 1)[-1]}.",
            "",
            "| run | video s | CPU s | wall s | video s per CPU s | video s per wall s "
            "| cores busy |",
            "|---|--:|--:|--:|--:|--:|--:|",
            *rows,
        ]
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def write_docs(text: str) -> None:
    content = DOCS.read_text()
    start, end = content.index(START) + len(START), content.index(END)
    DOCS.write_text(content[:start] + "\n" + text + "\n" + content[end:])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20, help="length of the clip (20)")
    parser.add_argument("--no-rungs", action="store_true", help="the pipeline only")
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    if not (shutil.which("ffmpeg") and shutil.which("ffprobe")):
        raise SystemExit("ffmpeg and ffprobe are required (scripts/system_tools.sh)")

    _django()
    from django.conf import settings

    connection, old_name = _database()
    try:
        with tempfile.TemporaryDirectory(prefix="ustat-bench-clip-") as folder:
            began = time.perf_counter()
            clip = generate(Path(folder) / "lesson.mp4", args.seconds)
            print(f"Clip generated in {time.perf_counter() - began:.1f} s")  # noqa: T201
            pipeline, job = run_pipeline(clip)
            rungs = [] if args.no_rungs else run_rungs(clip)
        text = report(args.seconds, pipeline, rungs, job)
        print(text)  # noqa: T201
        if not args.no_docs:
            write_docs(text)
    finally:
        _drop(connection, old_name)
        # The test settings made these folders for this process alone.
        for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
