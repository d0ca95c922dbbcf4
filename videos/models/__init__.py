"""The video pipeline's tables: uploads in progress; what transcoding made of a video."""

from .captions import CaptionTrack
from .playback import PlaybackPosition

__all__ = ["CaptionTrack", "PlaybackPosition"]
