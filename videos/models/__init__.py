"""The video pipeline's tables: uploads in progress; what transcoding made of a video."""

from .transcodes import Transcode
from .uploads import UploadPart, UploadSession

__all__ = ["Transcode", "UploadPart", "UploadSession"]
