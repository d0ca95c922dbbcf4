"""What a player needs to play one library video: the contract between the pipeline (which
fills it from a finished transcode) and the player (which draws it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Caption:
    language: str  # BCP 47, "ru", "en"
    label: str  # shown in the player's menu
    url: str  # a WebVTT file, served after the same access check as the video
    default: bool = False


@dataclass(frozen=True)
class VideoSources:
    media_id: int
    title: str
    status: str  # "ready", or the transcode's status while it is not ("transcoding", "failed")
    progress: int = 0  # 0–100 while transcoding
    hls_url: str = ""  # the master playlist (empty until ready)
    file_url: str = ""  # the original, streamed (while not transcoded, or when no HLS)
    poster_url: str = ""
    thumbnails_url: str = ""  # a WebVTT of sprite regions for the seek bar's previews
    duration: float = 0.0
    width: int = 0
    height: int = 0
    captions: list[Caption] = field(default_factory=list)
    position_url: str = ""  # where the player reads and saves where the person left off
