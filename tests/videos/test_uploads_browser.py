"""video_upload.js in Chromium: a tutor's upload that loses its connection, is reloaded and
resumed (only the missing parts are sent again), then posted from "New video"."""

import os
import re
from pathlib import Path

import pytest

from courses import services as courses
from courses.models import CourseMedia, TutorVideoPage
from tests.e2e.conftest import page  # noqa: F401 - the Playwright page fixture
from tests.e2e.test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PART = re.compile(r"/api/videos/uploads/[0-9a-f-]+/parts/(\d+)/$")


def test_a_tutor_uploads_resumes_after_a_reload_and_posts(
    page,  # noqa: F811
    live_server,
    teacher,
    tutor_index,
    small_clip,
    settings,
    tmp_path,
):
    courses.moderation_workflow()
    settings.VIDEOS_UPLOAD_PART_BYTES = 2048
    clip = tmp_path / "Урок.mp4"
    clip.write_bytes(small_clip)  # a file on disk keeps its date: the resume key holds
    count = -(-len(small_clip) // 2048)
    sent: list[int] = []
    page.on(
        "requestfinished",
        lambda request: (
            sent.append(int(PART.search(request.url).group(1)))
            if request.method == "PUT" and PART.search(request.url)
            else None
        ),
    )

    sign_in(page, live_server, teacher)
    page.goto("/ru/cabinet/videos/new/")
    # The connection drops after two parts: every later PUT fails, and the page is reloaded.
    page.route(
        re.compile(r".*/parts/([3-9]|\d\d+)/$"),
        lambda route: route.abort() if route.request.method == "PUT" else route.continue_(),
    )
    page.set_input_files("[data-video-file]", str(clip))
    page.get_by_text("Связь прервалась").wait_for()
    assert sorted(set(sent)) == [1, 2]
    page.unroute(re.compile(r".*/parts/([3-9]|\d\d+)/$"))
    page.reload()

    page.set_input_files("[data-video-file]", str(clip))
    status = page.get_by_test_id("video-upload-status")
    status.filter(has_text="Видео загружено").wait_for()
    assert page.locator("progress[data-progress]").get_attribute("value") == "100"
    assert sorted(sent) == list(range(1, count + 1))  # parts 1 and 2 were not sent again
    media = CourseMedia.objects.get()
    assert media.file.read() == small_clip

    if folder := os.environ.get("E2E_SCREENSHOTS"):  # for a person to look at
        page.screenshot(path=Path(folder) / "videos-new-uploaded.png", full_page=True)
    page.get_by_label("Название").fill("Квадратные уравнения")
    page.get_by_label("Теги").fill("алгебра")
    page.get_by_test_id("new-video-submit").click()
    page.get_by_text("Видео отправлено модераторам").wait_for()
    video = TutorVideoPage.objects.get()
    assert video.title == "Квадратные уравнения" and not video.live
    assert video.video[0].value["file"] == media
    assert video.current_workflow_state.status == "in_progress"
    assert not page.js_errors and not page.csp_violations
