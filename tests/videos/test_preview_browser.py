"""js/player_preview.js in Chromium: hovering the player's seek bar (or moving it with the
keyboard) shows the frame of that moment, cut from the strip the pipeline made. The video is a
real upload (3 s: a strip of three 160-pixel frames in one row, one a second)."""

import pytest
from playwright.sync_api import expect

from videos.models import Transcode

from ..e2e.conftest import page  # noqa: F401  (the Chromium page fixture)
from ..e2e.test_course_publishing import sign_in
from ..factories import AdminFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.videos.player_page_urls"),
]


def position(page) -> str:  # noqa: F811
    return page.locator("[data-preview]").evaluate("box => box.style.backgroundPosition")


def test_the_seek_bar_previews_the_frame_under_the_pointer(page, live_server, clips, upload):  # noqa: F811
    editor = AdminFactory()
    media = upload(clips["small"], user=editor)
    job = media.transcode
    assert job.status == Transcode.Status.READY, job.error
    assert job.thumbnails and job.thumbnail_sprite
    sign_in(page, live_server, editor)
    page.goto(f"/test-media/{media.pk}/")

    seek = page.locator("[data-seek-input]")
    expect(seek).to_be_visible()
    preview = page.locator("[data-preview]")
    assert preview.is_hidden()
    seek.scroll_into_view_if_needed()
    bar = seek.bounding_box()
    middle = bar["y"] + bar["height"] / 2

    # The pointer over the first, the middle and the last second: the strip's three frames.
    seen = []
    for share in (0.1, 0.5, 0.95):
        page.mouse.move(bar["x"] + bar["width"] * share, middle)
        expect(preview).to_be_visible()
        seen.append(position(page))
    assert seen == ["0px 0px", "-160px 0px", "-320px 0px"]
    assert preview.evaluate("box => box.style.width") == "160px"
    image = preview.evaluate("box => box.style.backgroundImage")
    assert f"/videos/media/{media.pk}/thumbnails.jpg" in image
    # The sprite is served (after the video's access check) and is a JPEG.
    served = page.evaluate(
        "async (u) => { const r = await fetch(u);"
        " return [r.status, r.headers.get('content-type')]; }",
        image.split('"')[1],
    )
    assert served == [200, "image/jpeg"]
    at = float(preview.get_attribute("data-at"))  # 95 % of the duration, about 3 s
    assert 2.5 < at < 3.5
    assert preview.locator("[data-preview-time]").inner_text() == f"0:0{int(at)}"

    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] - 200)  # away: the preview goes
    expect(preview).to_be_hidden()

    # The keyboard: focus shows the current moment's frame; End goes to the last, and seeks.
    seek.focus()
    expect(preview).to_be_visible()
    assert position(page) == "0px 0px"
    page.keyboard.press("End")
    assert position(page) == "-320px 0px"
    page.wait_for_function("() => document.querySelector('video').currentTime > 2.5")
    page.keyboard.press("Home")
    assert position(page) == "0px 0px"
    assert page.csp_violations == [] and page.js_errors == []
