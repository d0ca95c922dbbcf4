"""player.js in Chromium against a real HLS: a 4-second test pattern in two renditions that
ffmpeg makes here, served by the live server. The page loads its segments through hls.js, the
quality menu lists both renditions, the keyboard plays and pauses, the saved position is
restored and a pause saves it; axe-core finds nothing serious on the page."""

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from courses.models import CourseMedia
from videos import services
from videos.models import PlaybackPosition
from videos.player import caption_list, position_url
from videos.sources import VideoSources

from ..conftest import skip_or_fail
from ..e2e.conftest import page  # noqa: F401  (the Chromium page fixture)
from ..e2e.test_course_publishing import sign_in
from ..factories import AdminFactory, StudentFactory
from . import player_page_urls

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.videos.player_page_urls"),
]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
VTT = "WEBVTT\n\n00:00.000 --> 00:04.000\nТестовая таблица\n".encode()


def make_hls(folder: Path) -> Path:
    """Two renditions (360p, 180p) of lavfi's test pattern, 1-second segments, a master list."""
    if not shutil.which("ffmpeg"):
        skip_or_fail("ffmpeg is not installed (scripts/system_tools.sh installs it)")
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=duration=4:size=640x360:rate=25",
            "-filter_complex",
            "[0:v]split=2[hi][lo0];[lo0]scale=320:180[lo]",
            "-map",
            "[hi]",
            "-map",
            "[lo]",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-g",
            "25",
            "-keyint_min",
            "25",
            "-sc_threshold",
            "0",
            "-b:v:0",
            "800k",
            "-b:v:1",
            "200k",
            "-f",
            "hls",
            "-hls_time",
            "1",
            "-hls_playlist_type",
            "vod",
            "-hls_segment_filename",
            str(folder / "v%v" / "seg%d.ts"),
            "-master_pl_name",
            "master.m3u8",
            "-var_stream_map",
            "v:0 v:1",
            str(folder / "v%v" / "index.m3u8"),
        ],
        check=True,
        timeout=120,
    )
    master = folder / "master.m3u8"
    assert master.exists() and list(folder.glob("v1/*.ts"))
    return master


@pytest.fixture
def player(page, live_server, tmp_path):  # noqa: F811
    make_hls(tmp_path)
    media = CourseMedia.objects.create(
        title="Тестовая таблица", type="video", file=ContentFile(b"\0", name="pattern.mp4")
    )
    services.add_caption(
        AdminFactory(), media, language="ru", label="Русские", file=ContentFile(VTT, name="r.vtt")
    )
    learner = StudentFactory(verified=True)
    services.save_position(learner, media, 2.0, 4.0)
    player_page_urls.state.update(
        hls_root=str(tmp_path),
        sources=VideoSources(
            media_id=media.pk,
            title="Тестовая таблица",
            status="ready",
            hls_url="/test-hls/master.m3u8",
            captions=caption_list(media),
            position_url=position_url(media, learner),
            duration=4.0,
        ),
    )
    if AXE.exists():
        page.context.add_init_script(script=f"{AXE.read_text()}\n;window.__playerAxe = window.axe;")
    sign_in(page, live_server, learner)
    yield {"media": media, "learner": learner}
    player_page_urls.state.update(hls_root=None, sources=None)


def video_state(page) -> dict:  # noqa: F811
    return page.evaluate(
        "() => { const v = document.querySelector('video');"
        " return v && {ready: v.readyState, at: v.currentTime, src: v.src,"
        " error: v.error && v.error.code,"
        " status: document.querySelector('[data-status]').textContent, hls: !!window.Hls}; }"
    )


def test_the_player_streams_hls_offers_qualities_and_resumes(page, player):  # noqa: F811
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/test-player/")

    # The saved position (2 s) is restored once the playlist's metadata is in.
    try:
        page.wait_for_function(
            "() => { const v = document.querySelector('video[data-lesson-video]');"
            " return v && v.readyState >= 1 && Math.abs(v.currentTime - 2) < 0.5; }"
        )
    except PlaywrightTimeout:
        api = page.evaluate(
            "async () => { const r = await fetch(document.querySelector('[data-player]')"
            ".getAttribute('data-position-url'), {credentials: 'same-origin'});"
            " return r.status + ' ' + await r.text(); }"
        )
        pytest.fail(
            f"not restored: {video_state(page)} {api} {page.js_errors} {page.csp_violations}"
        )
    assert "0:02" in page.locator("[data-status]").inner_text()
    assert page.evaluate("() => document.querySelector('video').src.startsWith('blob:')")

    # hls.js fetched the master playlist, a rendition's playlist and its segments.
    page.wait_for_function("() => document.querySelector('video').buffered.length > 0")
    assert any(url.endswith("/test-hls/master.m3u8") for url in requests)
    assert any(url.endswith(".ts") for url in requests), requests

    # The quality menu: Auto and both renditions, highest first; choosing one switches.
    button = page.locator("[data-quality-button]")
    assert button.is_visible()
    button.click()
    items = page.locator("[data-quality-menu] [role=menuitemradio]")
    assert items.all_inner_texts() == ["✓ Авто", "360p", "180p"] or [
        text.lstrip("✓ ") for text in items.all_inner_texts()
    ] == ["Авто", "360p", "180p"]
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")  # the keyboard walks the menu: Auto → 360p
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("() => document.activeElement.hasAttribute('data-quality-button')")
    checked = page.locator('[data-quality-menu] [aria-checked="true"]')
    assert checked.count() == 1 and checked.inner_text().endswith("360p")
    assert page.locator("[data-quality-current]").inner_text() == "360p"
    hls = "document.querySelector('[data-player]').player.hls"
    assert page.evaluate(f"() => {hls}.levels[{hls}.currentLevel].height") == 360
    assert page.evaluate(f"() => {hls}.autoLevelEnabled") is False

    # The keyboard: K plays, space pauses, C shows the captions.
    page.locator("video").focus()
    page.evaluate("() => { document.querySelector('video').muted = true; }")
    page.keyboard.press("k")
    page.wait_for_function(
        "() => { const v = document.querySelector('video');"
        " return !v.paused && v.currentTime > 2.6; }"
    )
    page.keyboard.press(" ")
    page.wait_for_function("() => document.querySelector('video').paused")
    page.keyboard.press("c")
    assert page.locator("[data-captions-button]").get_attribute("aria-pressed") == "true"
    assert page.evaluate("() => document.querySelector('video').textTracks[0].mode") == "showing"

    # The pause saved where the learner is (past the restored 2 s).
    deadline = time.monotonic() + 10
    position = PlaybackPosition.objects.get(user=player["learner"], media=player["media"])
    while position.seconds == 2.0 and time.monotonic() < deadline:
        time.sleep(0.2)
        position.refresh_from_db()
    assert position.seconds > 2.0 and position.duration == pytest.approx(4.0, abs=0.2)

    if AXE.exists():
        violations = page.evaluate(
            "async () => { const r = await window.__playerAxe.run(document, "
            "{runOnly: ['wcag2a', 'wcag2aa']}); return r.violations.filter("
            "v => ['serious', 'critical'].includes(v.impact)).map(v => v.id + ': ' + "
            "v.nodes.map(n => n.target.join(' ')).join(', ')); }"
        )
        assert violations == []
    assert page.csp_violations == [] and page.js_errors == []
