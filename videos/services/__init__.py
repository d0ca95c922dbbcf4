"""The player's state changes and reads: positions (``playback``), captions (``captions``)."""

from .captions import add_caption, caption_tracks, delete_caption, open_caption
from .playback import read_position, resume_at, save_position

__all__ = [
    "add_caption",
    "caption_tracks",
    "delete_caption",
    "open_caption",
    "read_position",
    "resume_at",
    "save_position",
]
