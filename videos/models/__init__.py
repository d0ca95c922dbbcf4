"""The video pipeline's tables: uploads in progress; what transcoding made of a video; the
player's captions and where each person left off."""

from .captions import CaptionTrack
from .playback import PlaybackPosition
from .transcodes import Transcode
from .uploads import UploadPart, UploadSession

__all__ = ["CaptionTrack", "PlaybackPosition", "Transcode", "UploadPart", "UploadSession"]
