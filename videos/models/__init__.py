"""The video pipeline's tables: uploads in progress; what transcoding made of a video."""

from .transcodes import Transcode

__all__ = ["Transcode"]
