"""Short demo clips made with ffmpeg: a test pattern, a tone and a title card.

The demo's uploaded videos (videos.py) need real files for the video pipeline to probe and
transcode; drawing them at load time keeps binaries out of the repository. A clip is a few
seconds of 640x360 with an AAC tone, so making one takes about a second.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

# DejaVu (Debian's fonts-dejavu-core, installed by scripts/system_tools.sh) has Cyrillic.
FONT_PATTERN = "DejaVu Sans:style=Bold"
FONT_FALLBACK = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
PATTERNS = ("testsrc2", "smptebars", "testsrc", "rgbtestsrc")
TITLE_SIZE = 30
NAME_SIZE = 20
LINE_HEIGHT = 42
WRAP = 30  # characters per title line at TITLE_SIZE on a 640-pixel frame
FFMPEG_TIMEOUT = 60


@dataclass(frozen=True)
class Clip:
    """What to draw: the card's title (wrapped to lines) and a smaller line under it."""

    title: str
    byline: str
    pattern: str = "testsrc2"
    tone: int = 440  # Hz
    seconds: float = 5
    width: int = 640
    height: int = 360


def ffmpeg() -> str | None:
    """ffmpeg's path; None when it is not installed (the demo then makes no clips)."""
    return shutil.which("ffmpeg")


def font_file() -> str | None:
    """A font with Cyrillic: fontconfig's pick for DejaVu Sans Bold, else Debian's path."""
    matcher = shutil.which("fc-match")
    if matcher:
        found = subprocess.run(  # noqa: S603 (fixed arguments)
            [matcher, "-f", "%{file}", FONT_PATTERN],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout.strip()
        if found and Path(found).is_file():
            return found
    return str(FONT_FALLBACK) if FONT_FALLBACK.is_file() else None


def _escape(value: str) -> str:
    """A value inside a filter graph: backslash, colon, quote and commas are special."""
    for char in ("\\", ":", "'", ",", "[", "]", ";"):
        value = value.replace(char, "\\" + char)
    return value


def _text(path: Path, font: str | None, size: int, y: str) -> str:
    """One centred line, read from a file (no quoting of the title inside the graph)."""
    options = [f"textfile={_escape(str(path))}"]
    if font:
        options.append(f"fontfile={_escape(font)}")
    options += [
        f"fontsize={size}",
        "fontcolor=white",
        "expansion=none",  # a "%" in a title is a percent sign
        "x=(w-text_w)/2",
        f"y={y}",
    ]
    return "drawtext=" + ":".join(options)


def video_filter(clip: Clip, folder: Path, font: str | None) -> str:
    """A dark band across the middle holding the title's lines and the byline."""
    lines = textwrap.wrap(clip.title, WRAP) or [clip.title]
    band = LINE_HEIGHT * len(lines) + NAME_SIZE + 48
    top = f"(h-{band})/2"  # drawtext's h is the frame's height; drawbox calls it ih
    steps = [f"drawbox=x=0:y=(ih-{band})/2:w=iw:h={band}:color=black@0.7:t=fill"]
    for index, line in enumerate([*lines, clip.byline]):
        path = folder / f"line{index}.txt"
        path.write_text(line, encoding="utf-8")
        size = TITLE_SIZE if index < len(lines) else NAME_SIZE
        steps.append(_text(path, font, size, f"{top}+{18 + LINE_HEIGHT * index}"))
    return ",".join(steps)


def make_clip(clip: Clip, target: Path) -> Path:
    """Write the clip as an H.264/AAC MP4 at `target`; raises CalledProcessError if ffmpeg
    fails (a broken demo should say so, not load a video that cannot play)."""
    binary = ffmpeg()
    if binary is None:
        raise FileNotFoundError("ffmpeg")
    if clip.pattern not in PATTERNS:
        raise ValueError(f"Unknown test pattern {clip.pattern!r}; use one of {PATTERNS}")
    picture = f"{clip.pattern}=size={clip.width}x{clip.height}:rate=25:duration={clip.seconds}"
    tone = f"sine=frequency={clip.tone}:sample_rate=48000:duration={clip.seconds}"
    with tempfile.TemporaryDirectory(prefix="ustat-demo-clip-") as folder:
        graph = video_filter(clip, Path(folder), font_file())
        command = [
            binary, "-hide_banner", "-nostdin", "-y", "-v", "error",
            "-f", "lavfi", "-i", picture,
            "-f", "lavfi", "-i", tone,
            "-vf", graph,
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart",
            str(target),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=FFMPEG_TIMEOUT)  # noqa: S603
    return target
