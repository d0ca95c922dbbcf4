"""The video pipeline's services: a transcode's states (``transcodes``), one run of the job
(``pipeline``) and what a person may play (``sources``)."""

from .pipeline import run
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
