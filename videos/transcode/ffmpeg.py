"""One ffmpeg run that makes every HLS rendition and the master playlist, with progress.

ffmpeg reports on ``-progress pipe:1`` (``out_time_us=…`` lines); the share of the source's
duration done is passed to ``on_progress`` as a whole percentage.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from ..app_settings import app_settings
from ..errors import NotAVideo, ToolMissing, TranscodeFailed
from ..probe import FORMAT_WHITELIST, Probe
from .ladder import Rung

MASTER = "master.m3u8"
PROTOCOL_WHITELIST = "file,http,https,tcp,tls"


def ffmpeg_path() -> str:
    path = shutil.which("ffmpeg")
    if path is None:
        raise ToolMissing("ffmpeg")
    return path


def playlist_name(index: int) -> str:
    return f"stream_{index}.m3u8"


def input_options(source: str) -> list[str]:
    # The same whitelists as probe.py: a disguised playlist or concat list must not make
    # ffmpeg open other files on the server.
    return [
        "-format_whitelist", FORMAT_WHITELIST,
        "-protocol_whitelist", PROTOCOL_WHITELIST,
        "-i", source,
    ]  # fmt: skip


def hls_command(source: str, out_dir: Path, probe: Probe, rungs: list[Rung]) -> list[str]:
    count = len(rungs)
    splits = "".join(f"[s{i}]" for i in range(count))
    scales = ";".join(f"[s{i}]scale=-2:{rung.height}[v{i}]" for i, rung in enumerate(rungs))
    graph = f"[0:v:0]split={count}{splits};{scales}"
    seconds = app_settings.VIDEOS_SEGMENT_SECONDS
    command = [
        ffmpeg_path(), "-hide_banner", "-nostdin", "-y", "-v", "error",
        *input_options(source),
        "-filter_complex", graph,
    ]  # fmt: skip
    for i in range(count):
        command += ["-map", f"[v{i}]"]
    if probe.has_audio:
        for _i in range(count):
            command += ["-map", "0:a:0"]
    for i, rung in enumerate(rungs):
        command += [
            f"-b:v:{i}", str(rung.video_bitrate),
            f"-maxrate:v:{i}", str(int(rung.video_bitrate * 1.2)),
            f"-bufsize:v:{i}", str(rung.video_bitrate * 2),
        ]  # fmt: skip
        if probe.has_audio:
            command += [f"-b:a:{i}", str(rung.audio_bitrate)]
    streams = " ".join(f"v:{i},a:{i}" if probe.has_audio else f"v:{i}" for i in range(count))
    command += [
        "-c:v", "libx264", "-preset", app_settings.VIDEOS_X264_PRESET,
        "-pix_fmt", "yuv420p", "-profile:v", "high",
        # A key frame at every segment boundary, so each segment starts one and every
        # rendition cuts at the same times (the player can switch between them).
        "-force_key_frames", f"expr:gte(t,n_forced*{seconds})", "-sc_threshold", "0",
        *(["-c:a", "aac", "-ac", "2"] if probe.has_audio else []),
        "-f", "hls",
        "-hls_time", str(seconds),
        "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments",
        "-hls_segment_filename", str(out_dir / "stream_%v_%05d.ts"),
        "-master_pl_name", MASTER,
        "-var_stream_map", streams,
        "-progress", "pipe:1", "-nostats",
        str(out_dir / "stream_%v.m3u8"),
    ]  # fmt: skip
    return command


def run(
    command: list[str],
    *,
    duration: float,
    on_progress: Callable[[int], None] | None = None,
    timeout: float | None = None,
) -> None:
    """Run an ffmpeg command, reporting its percentage; ``TranscodeFailed`` with ffmpeg's own
    last words when it fails."""
    timeout = timeout or app_settings.VIDEOS_TRANSCODE_TIMEOUT_SECONDS
    deadline = time.monotonic() + timeout
    with subprocess.Popen(  # noqa: S603 - a fixed program; the source is ours
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        # stderr is read after stdout closes; -v error keeps it short enough for the pipe.
        for line in process.stdout:  # type: ignore[union-attr]
            key, _sep, value = line.strip().partition("=")
            if key == "out_time_us" and on_progress and duration > 0:
                try:
                    done = int(value) / 1_000_000
                except ValueError:
                    continue
                on_progress(max(0, min(99, int(done * 100 / duration))))
            if time.monotonic() > deadline:
                process.kill()
                raise TranscodeFailed(_("Transcoding took too long and was stopped."))
        errors = deque(process.stderr, maxlen=5)  # type: ignore[arg-type]
        code = process.wait()
    if code != 0:
        last = " ".join(line.strip() for line in errors if line.strip())
        raise TranscodeFailed(
            _("ffmpeg could not transcode the video: %(reason)s")
            % {"reason": last[-500:] or _("exit code %(code)s") % {"code": code}}
        )


def check_source(probe: Probe) -> None:
    """Refuse what the pipeline will not transcode (too long, no picture size)."""
    limit = app_settings.VIDEOS_MAX_DURATION_SECONDS
    if probe.duration > limit:
        raise NotAVideo(
            _("The video is longer than %(minutes)s minutes.") % {"minutes": limit // 60}
        )
    if probe.width <= 0 or probe.height <= 0:
        raise NotAVideo(_("The video's picture size could not be read."))
