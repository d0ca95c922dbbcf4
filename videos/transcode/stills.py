"""Pictures of a video: the poster shown before play and the seek bar's preview strip.

The strip is one sprite image (a grid of small frames) and a WebVTT file whose cues name
each frame's region (``thumbnails.jpg#xywh=x,y,w,h``), the form players read.
"""

from __future__ import annotations

import math
from pathlib import Path

from ..app_settings import app_settings
from ..probe import Probe
from .ffmpeg import ffmpeg_path, input_options, run

POSTER = "poster.jpg"
SPRITE = "thumbnails.jpg"
THUMBNAILS = "thumbnails.vtt"
COLUMNS = 10
POSTER_MAX_HEIGHT = 720


def poster(source: str, out_dir: Path, probe: Probe) -> Path:
    """A frame a third of the way in (at most 5 s: title cards are often black at 0)."""
    at = min(5.0, probe.duration / 3)
    height = min(POSTER_MAX_HEIGHT, probe.height // 2 * 2)
    target = out_dir / POSTER
    command = [
        ffmpeg_path(), "-hide_banner", "-nostdin", "-y", "-v", "error",
        "-ss", f"{at:.3f}", *input_options(source),
        "-frames:v", "1", "-vf", f"scale=-2:{height}", "-q:v", "3",
        str(target),
    ]  # fmt: skip
    run(command, duration=0)
    return target


def thumbnail_size(probe: Probe) -> tuple[int, int]:
    width = app_settings.VIDEOS_THUMBNAIL_WIDTH
    height = max(2, round(width * probe.height / probe.width / 2) * 2)
    return width, height


def strip(source: str, out_dir: Path, probe: Probe) -> tuple[Path, Path]:
    """The sprite and its WebVTT; one frame every ``interval`` seconds (at least one)."""
    count = max(1, min(app_settings.VIDEOS_THUMBNAIL_COUNT, math.ceil(probe.duration)))
    interval = probe.duration / count
    columns = min(COLUMNS, count)
    rows = math.ceil(count / columns)
    width, height = thumbnail_size(probe)
    sprite = out_dir / SPRITE
    command = [
        ffmpeg_path(), "-hide_banner", "-nostdin", "-y", "-v", "error",
        *input_options(source),
        "-vf", f"fps=1/{interval:.6f},scale={width}:{height},tile={columns}x{rows}",
        "-frames:v", "1", "-update", "1", "-q:v", "5",
        str(sprite),
    ]  # fmt: skip
    run(command, duration=0)
    vtt = out_dir / THUMBNAILS
    vtt.write_text(webvtt(count, interval, probe.duration, columns, width, height))
    return sprite, vtt


def webvtt(count: int, interval: float, duration: float, columns: int, width: int, height: int):
    cues = ["WEBVTT", ""]
    for index in range(count):
        start = index * interval
        end = min(duration, start + interval)
        x, y = (index % columns) * width, (index // columns) * height
        cues += [
            f"{timestamp(start)} --> {timestamp(end)}",
            f"{SPRITE}#xywh={x},{y},{width},{height}",
            "",
        ]
    return "\n".join(cues)


def timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
