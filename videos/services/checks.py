"""Whether a file may become a library video, by its content: every path that saves one asks
here (the chunked upload's completion, and wagtailmedia's own forms through
``videos.library_form``), so a document renamed ``.mp4`` is refused whichever way it comes.
"""

from __future__ import annotations

import math
import tempfile

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ..app_settings import app_settings
from ..errors import NotAVideo
from ..probe import Probe, probe


def check_length(reading: Probe) -> None:
    """``NotAVideo`` for a video longer than the pipeline takes."""
    limit = app_settings.VIDEOS_MAX_DURATION_SECONDS
    if reading.duration > limit:
        raise NotAVideo(
            _("The video lasts %(minutes)d minutes; videos of up to %(limit)d minutes are taken.")
            % {"minutes": math.ceil(reading.duration / 60), "limit": limit // 60}
        )


def check_uploaded_video(uploaded: UploadedFile) -> Probe:
    """ffprobe's reading of a file posted in a form; ``NotAVideo`` (with the reason) when it
    is not a video or is too long, ``ToolMissing`` without ffprobe."""
    if hasattr(uploaded, "temporary_file_path"):  # a large upload is on disk already
        reading = probe(uploaded.temporary_file_path())
    else:
        with tempfile.NamedTemporaryFile(prefix="ustat-check-") as handle:
            for chunk in uploaded.chunks():
                handle.write(chunk)
            handle.flush()
            reading = probe(handle.name)
        uploaded.seek(0)
    check_length(reading)
    return reading
