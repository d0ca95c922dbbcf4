"""Which renditions a source gets: the configured ladder up to the source's height."""

from __future__ import annotations

from dataclasses import dataclass

from ..app_settings import app_settings
from ..probe import Probe


@dataclass(frozen=True)
class Rung:
    height: int
    video_bitrate: int  # bits per second
    audio_bitrate: int

    def width_for(self, source_width: int, source_height: int) -> int:
        """The width keeping the source's shape, even (x264 needs even sides)."""
        if not source_height:
            return 0
        return max(2, round(source_width * self.height / source_height / 2) * 2)

    @property
    def bandwidth(self) -> int:
        return self.video_bitrate + self.audio_bitrate


def ladder() -> list[Rung]:
    rungs = [
        Rung(int(step["height"]), int(step["video_bitrate"]), int(step["audio_bitrate"]))
        for step in app_settings.VIDEOS_LADDER
    ]
    return sorted(rungs, key=lambda rung: rung.height)


def rungs_for(probe: Probe) -> list[Rung]:
    """The ladder's rungs no taller than the source (never upscaled).

    A source shorter than the smallest rung gets one rendition at its own (even) height, with
    the smallest rung's bitrates scaled down by the number of pixels.
    """
    rungs = ladder()
    fitting = [rung for rung in rungs if rung.height <= probe.height]
    if fitting:
        return fitting
    smallest = rungs[0]
    height = max(2, probe.height // 2 * 2)
    share = height / smallest.height
    return [Rung(height, int(smallest.video_bitrate * share), smallest.audio_bitrate)]
