"""The video pipeline's tables: uploads in progress; what transcoding made of a video."""

from .uploads import UploadPart, UploadSession

__all__ = ["UploadPart", "UploadSession"]
