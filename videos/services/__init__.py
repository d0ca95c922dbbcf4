"""The video pipeline's services: a transcode's states (``transcodes``), one run of the job
(``pipeline``) and what a person may play (``sources``); the player's positions
(``playback``) and captions (``captions``)."""

from .captions import add_caption, caption_tracks, delete_caption, open_caption
from .pipeline import run
from .playback import read_position, resume_at, save_position
from .sources import can_see_error, output_url, sources_for, status_for, transcode_of
from .transcodes import (
    ProgressRecorder,
    can_retry,
    fail,
    retry,
    start,
    transcode_requested,
)

__all__ = [
    "add_caption",
    "caption_tracks",
    "delete_caption",
    "open_caption",
    "read_position",
    "resume_at",
    "save_position",
    "ProgressRecorder",
    "can_retry",
    "can_see_error",
    "fail",
    "output_url",
    "retry",
    "run",
    "sources_for",
    "start",
    "status_for",
    "transcode_of",
    "transcode_requested",
]
