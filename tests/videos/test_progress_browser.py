"""js/video_progress.js in Chromium: the "Processing video… N %" of a library video moves as
the transcode's progress moves in the database, without a reload; when the transcode ends the
player is swapped in (HLS once ready, the reason once failed); the admin's "Video processing"
list follows its rows the same way. The video is a real upload transcoded by the pipeline,
set back to "transcoding" by the test."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from videos.models import Transcode

from ..e2e.conftest import page  # noqa: F401  (the Chromium page fixture)
from ..e2e.test_course_publishing import sign_in
from ..factories import AdminFactory, TeacherFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.videos.player_page_urls"),
]

Status = Transcode.Status
WAIT = 15_000  # ms: the page asks every 4 s


@pytest.fixture
def processing(page, live_server, clips, upload):  # noqa: F811
    """A video its editor watches while it is "transcoding" at 10 %."""
    editor = AdminFactory()
    media = upload(clips["small"], user=editor)
    assert media.transcode.status == Status.READY, media.transcode.error
    rows = Transcode.objects.filter(media=media)
    rows.update(status=Status.TRANSCODING, progress=10)
    sign_in(page, live_server, editor)
    return media, rows


def test_the_percentage_moves_live_then_the_player_arrives(page, processing):  # noqa: F811
    media, rows = processing
    page.goto(f"/test-media/{media.pk}/")
    text = page.locator("[data-progress-text]")
    bar = page.locator("[data-progress-bar]")
    # Drawn by the server: the figure is there before any script ran.
    assert "10 %" in text.inner_text()
    assert text.get_attribute("aria-live") == "polite"
    assert page.locator("[data-player]").get_attribute("data-hls") is None

    rows.update(progress=55)
    expect(text).to_contain_text("55 %", timeout=WAIT)
    assert bar.evaluate("bar => bar.value") == 55

    rows.update(status=Status.READY, progress=100)
    page.wait_for_selector("[data-player][data-hls][data-player-ready]", timeout=WAIT)
    assert page.locator("[data-transcode-progress]").count() == 0
    assert page.locator("[data-player]").count() == 1
    # The swapped-in player streams the ladder (player.js started on it, hls.js loaded).
    page.wait_for_function(
        "() => { const v = document.querySelector('video[data-lesson-video]');"
        " return v && v.readyState >= 1 && v.src.startsWith('blob:'); }",
        timeout=WAIT,
    )
    assert page.csp_violations == [] and page.js_errors == []


def test_a_failure_shows_its_reason(page, processing):  # noqa: F811
    media, rows = processing
    page.goto(f"/test-media/{media.pk}/")
    expect(page.locator("[data-progress-text]")).to_contain_text("10 %")
    rows.update(status=Status.FAILED, error="ffmpeg could not transcode the video: boom")
    failure = page.locator(".vplayer-failed")
    expect(failure).to_contain_text("boom", timeout=WAIT)
    assert failure.get_attribute("role") == "alert"
    assert page.locator("[data-transcode-progress]").count() == 0
    assert page.csp_violations == [] and page.js_errors == []


def test_the_admin_list_follows_its_rows(page, processing):  # noqa: F811
    _media, rows = processing
    page.goto(reverse("videos_transcodes"))
    cell = page.locator('[data-testid="transcodes"] [data-testid="progress"]')
    expect(cell).to_have_text("10 %")
    rows.update(progress=70)
    expect(cell).to_have_text("70 %", timeout=WAIT)
    rows.update(status=Status.READY, progress=100)
    expect(page.locator('tr[data-status="ready"]')).to_have_count(1, timeout=WAIT)
    assert page.csp_violations == [] and page.js_errors == []


def test_new_video_lists_the_tutors_uploads_with_live_processing(
    page,  # noqa: F811
    live_server,
    clips,
    upload,
):
    tutor = TeacherFactory(verified=True)
    media = upload(clips["small"], user=tutor, title="Квадратные уравнения")
    rows = Transcode.objects.filter(media=media)
    rows.update(status=Status.TRANSCODING, progress=20)
    sign_in(page, live_server, tutor)
    page.goto("/ru/cabinet/videos/new/")
    row = page.locator('[data-testid="recent-videos"] li', has_text="Квадратные уравнения")
    text = row.locator("[data-progress-text]")
    assert "20 %" in text.inner_text()  # drawn by the server

    rows.update(progress=60)
    expect(text).to_contain_text("60 %", timeout=WAIT)
    rows.update(status=Status.FAILED, error="ffmpeg could not transcode the video: boom")
    expect(text).to_contain_text("boom", timeout=WAIT)
    assert row.locator("[data-transcode-progress]").get_attribute("data-outcome") == "failed"
    assert row.locator("[data-progress-bar]").is_hidden()
    assert page.csp_violations == [] and page.js_errors == []
