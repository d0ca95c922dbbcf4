"""Turning a video into HLS renditions, a poster and a seek-preview strip, in a local folder.

``make(source, out_dir, probe, on_progress)`` runs ffmpeg (``ffmpeg.py``) over the ladder's
rungs for the source (``ladder.py``) and takes the stills (``stills.py``); the services save
the folder into storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..probe import Probe
from . import ffmpeg, stills
from .ladder import Rung, ladder, rungs_for


@dataclass(frozen=True)
class Output:
    folder: Path
    renditions: list[dict]  # {"height", "width", "bandwidth", "playlist"}
    master: str = ffmpeg.MASTER
    poster: str = stills.POSTER
    thumbnails: str = stills.THUMBNAILS
    sprite: str = stills.SPRITE


def make(
    source: str, out_dir: Path, probe: Probe, on_progress: Callable[[int], None] | None = None
) -> Output:
    """Transcode ``source`` (a path or a signed URL) into ``out_dir``. Raises ``NotAVideo``
    for a source the pipeline refuses and ``TranscodeFailed`` when ffmpeg fails."""
    ffmpeg.check_source(probe)
    rungs = rungs_for(probe)
    ffmpeg.run(
        ffmpeg.hls_command(source, out_dir, probe, rungs),
        duration=probe.duration,
        on_progress=on_progress,
    )
    stills.poster(source, out_dir, probe)
    stills.strip(source, out_dir, probe)
    renditions = [
        {
            "height": rung.height,
            "width": rung.width_for(probe.width, probe.height),
            "bandwidth": rung.bandwidth,
            "playlist": ffmpeg.playlist_name(index),
        }
        for index, rung in enumerate(rungs)
    ]
    return Output(folder=out_dir, renditions=renditions)


__all__ = ["Output", "Rung", "ladder", "make", "rungs_for"]
