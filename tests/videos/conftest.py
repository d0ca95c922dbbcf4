"""Video clips made once per test session with ffmpeg (lavfi test sources), and the upload
protocol as a browser speaks it."""

import shutil
import subprocess

import pytest


def _ffmpeg(*arguments: str) -> None:
    if shutil.which("ffmpeg") is None:
        pytest.skip("needs ffmpeg (scripts/system_tools.sh installs it)")
    subprocess.run(  # noqa: S603 - fixed arguments
        ["ffmpeg", "-v", "error", "-y", *arguments], check=True, timeout=60
    )


@pytest.fixture(scope="session")
def small_clip(tmp_path_factory) -> bytes:
    """A 2-second 160x120 test pattern in MP4 (about 8 KB)."""
    path = tmp_path_factory.mktemp("clips") / "small.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", str(path),
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture(scope="session")
def big_clip(tmp_path_factory) -> bytes:
    """A 3-second clip of noise (incompressible): over 5 MB, so S3 takes it in two parts."""
    path = tmp_path_factory.mktemp("clips") / "noise.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "nullsrc=s=320x240:r=25,geq=random(1)*255:128:128", "-t", "3",
        "-c:v", "mpeg4", "-q:v", "1", str(path),
    )  # fmt: skip
    data = path.read_bytes()
    assert len(data) > 5 * 1024 * 1024
    return data


class Uploader:
    """The browser's side of the protocol (portal/static/js/video_upload.js), over the API."""

    def __init__(self, client, put) -> None:
        self.client = client
        self.put = put  # (url, bytes) -> (status, etag)
        self.sent: list[int] = []

    def start(self, filename: str, size: int, **extra):
        return self.client.post(
            "/api/videos/uploads/", {"filename": filename, "size": size, **extra}, format="json"
        )

    def parts(self, session_id) -> list[dict]:
        answer = self.client.get(f"/api/videos/uploads/{session_id}/parts/")
        assert answer.status_code == 200, answer.content
        return answer.json()

    def send(self, session: dict, data: bytes, numbers) -> None:
        size = session["part_size"]
        for number in numbers:
            target = self.client.get(f"/api/videos/uploads/{session['id']}/parts/{number}/url/")
            assert target.status_code == 200, target.content
            chunk = data[(number - 1) * size : number * size]
            status, etag = self.put(target.json()["url"], chunk)
            assert status == 200 and etag, (status, etag)
            self.sent.append(number)

    def complete(self, session_id):
        return self.client.post(f"/api/videos/uploads/{session_id}/complete/")
