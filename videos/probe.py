"""What a file is, by its content: ffprobe's reading of its container and streams.

The upload checks and the transcoder both ask here, so "is this a video" has one answer
whatever the file's name or the browser's claimed type.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from .errors import NotAVideo, ToolMissing

# Containers ffprobe names for the videos people upload (MP4/MOV, WebM/MKV, AVI, MPEG-TS).
# An image or a text file can be "read" by ffprobe too (image2, tty): those are refused.
VIDEO_FORMATS = frozenset(
    {"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "mpeg", "flv", "ogg"}
)
FORMAT_WHITELIST = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mpegts,mpeg,flv,ogg"
PROBE_TIMEOUT = 60


@dataclass(frozen=True)
class Probe:
    format_name: str
    duration: float  # seconds
    width: int
    height: int
    frame_rate: float
    video_codec: str
    has_audio: bool
    bit_rate: int  # bits per second of the whole file; 0 when ffprobe does not know


def ffprobe_path() -> str:
    path = shutil.which("ffprobe")
    if path is None:
        raise ToolMissing("ffprobe")
    return path


def probe(source: str) -> Probe:
    """Read a local path or an http(s) URL (a signed S3 address). ``NotAVideo`` when the
    content is not a video container with a video stream and a duration."""
    command = [
        ffprobe_path(),
        "-v", "error",
        "-print_format", "json",
        "-show_format",
        "-show_streams",
        # Only video containers and plain file/web reads: a playlist or concat list disguised
        # as a video must not make ffprobe open other files on the server.
        "-format_whitelist", FORMAT_WHITELIST,
        "-protocol_whitelist", "file,http,https,tcp,tls",
        source,
    ]  # fmt: skip
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program; the source is ours
            command, capture_output=True, timeout=PROBE_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise NotAVideo(_("The file could not be read in time.")) from error
    if done.returncode != 0:
        raise NotAVideo(_("The file is not a video we can read."))
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError as error:
        raise NotAVideo(_("The file is not a video we can read.")) from error
    return _reading(data)


def _reading(data: dict) -> Probe:
    container = data.get("format") or {}
    format_name = str(container.get("format_name") or "")
    if format_name not in VIDEO_FORMATS:
        raise NotAVideo(
            _("The file is not a video (its content is %(kind)s).") % {"kind": format_name or "?"}
        )
    streams = data.get("streams") or []
    video = next(
        (
            stream
            for stream in streams
            if stream.get("codec_type") == "video"
            and not (stream.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise NotAVideo(_("The file has no video stream."))
    try:
        duration = float(container.get("duration") or video.get("duration") or 0)
    except (TypeError, ValueError):
        duration = 0.0
    if duration <= 0:
        raise NotAVideo(_("The video has no duration."))
    return Probe(
        format_name=format_name,
        duration=duration,
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        frame_rate=_rate(video.get("avg_frame_rate") or video.get("r_frame_rate")),
        video_codec=str(video.get("codec_name") or ""),
        has_audio=any(stream.get("codec_type") == "audio" for stream in streams),
        bit_rate=int(container.get("bit_rate") or 0),
    )


def _rate(value: str | None) -> float:
    try:
        rate = Fraction(value or "0")
    except (ValueError, ZeroDivisionError):
        return 0.0
    return float(rate)
