"""A paid lesson's video plays and its document downloads for an enrolled learner, on a phone
and a desktop; a visitor who follows the same links is asked to sign in.

The video is a real WebM that Chromium itself records from a canvas (MediaRecorder), so the
browser's own requests (byte ranges) go through /media-library/.
"""

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from courses.models import CourseDocument, CourseMedia
from learning.enrollment.models import Enrollment

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from ..factories import HomePageFactory, StudentFactory
from .test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n% answers to the paid exercises\n"
SCREENS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def screenshot(page, name: str) -> None:
    """Kept for a person to look at when E2E_SCREENSHOTS names a folder."""
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        page.screenshot(path=Path(folder) / f"files-{name}.png", full_page=True)


RECORD_WEBM = """async () => {
    const canvas = document.createElement("canvas");
    canvas.width = 320;
    canvas.height = 180;
    const context = canvas.getContext("2d");
    const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm"});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start();
    for (let frame = 0; frame < 30; frame++) {
        context.fillStyle = `hsl(${frame * 12}, 60%, 45%)`;
        context.fillRect(0, 0, 320, 180);
        context.fillStyle = "#fff";
        context.font = "28px sans-serif";
        context.fillText("Разбор " + frame, 40, 100);
        await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
    recorder.stop();
    await stopped;
    return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
}"""


@pytest.fixture
def lesson(page):
    from wagtail.models import Locale, Page, Site

    page.goto("about:blank")
    webm = bytes(page.evaluate(RECORD_WEBM))
    assert webm[:4] == b"\x1a\x45\xdf\xa3"  # an EBML (WebM) header

    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-files")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    course = CoursePageFactory(
        parent=CourseIndexPageFactory(parent=home), title="Алгебра", price=Decimal("1990")
    )
    document = CourseDocument.objects.create(
        title="Ответы к задачам", file=ContentFile(PDF, name="answers.pdf")
    )
    video = CourseMedia.objects.create(
        title="Разбор задач", type="video", file=ContentFile(webm, name="walkthrough.webm")
    )
    lesson = LessonPageFactory(
        parent=course,
        title="Квадратные уравнения",
        content=[
            {"type": "paragraph", "value": "<p>Смотрите разбор и скачайте ответы.</p>"},
            {"type": "video", "value": {"embed": "", "file": video.pk, "caption": "Разбор"}},
            {"type": "attachments", "value": {"title": "", "documents": [document.pk]}},
        ],
    )
    learner = StudentFactory(first_name="Анна", verified=True)
    Enrollment.objects.create(user=learner, course=course, source=Enrollment.Source.PURCHASE)
    return {"lesson": lesson, "learner": learner, "document": document, "video": video}


def video_state(page) -> dict:
    """Waits until the player has decoded a frame (or failed), then reports."""
    page.wait_for_function(
        "() => { const v = document.querySelector('video[data-lesson-video]');"
        " return v && (v.readyState >= 2 || v.error); }"
    )
    return page.evaluate(
        "() => { const v = document.querySelector('video[data-lesson-video]');"
        " return {error: v.error && v.error.code, ready: v.readyState,"
        " width: v.videoWidth, src: v.currentSrc}; }"
    )


def test_an_enrolled_learner_watches_and_downloads(page, live_server, lesson):
    sign_in(page, live_server, lesson["learner"])
    for name, size in SCREENS.items():
        page.set_viewport_size(size)
        page.goto(lesson["lesson"].url)
        state = video_state(page)
        assert state["error"] is None and state["width"] == 320, state
        # Transcoded on upload (Celery runs eagerly here): hls.js plays the HLS through Media
        # Source Extensions; the original, before that, through /media-library/.
        assert "/media-library/" in state["src"] or state["src"].startswith("blob:"), state
        page.locator("video[data-lesson-video]").scroll_into_view_if_needed()
        screenshot(page, f"lesson-{name}")

    # It plays on and seeks: the browser's byte-range requests are answered.
    played = page.evaluate(
        """async () => {
            const v = document.querySelector('video[data-lesson-video]');
            v.muted = true;
            await v.play();
            await new Promise((resolve) => v.addEventListener('ended', resolve, {once: true}));
            v.currentTime = 0.3;
            await new Promise((resolve) => v.addEventListener('seeked', resolve, {once: true}));
            return {ended: true, at: v.currentTime, error: v.error && v.error.code};
        }"""
    )
    assert played["error"] is None and played["at"] > 0, played
    # The finished video completed the lesson, and the page says so without a reload.
    page.locator('.lesson-done[role="status"]').wait_for()
    assert "Урок пройден" in page.locator(".lesson-done").inner_text()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ответы к задачам").click()
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read() == PDF
    assert page.csp_violations == [] and page.js_errors == []


def test_a_learner_not_enrolled_is_told_why(page, live_server, lesson):
    sign_in(page, live_server, StudentFactory(verified=True))
    page.set_viewport_size(SCREENS["phone"])
    response = page.goto(lesson["document"].url)
    assert response.status == 403
    assert page.get_by_role("heading").first.is_visible()
    screenshot(page, "refused-document-phone")


def test_a_visitor_following_the_links_is_asked_to_sign_in(page, lesson):
    page.set_viewport_size(SCREENS["phone"])
    page.goto(lesson["document"].url)
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    screenshot(page, "visitor-document-phone")
    response = page.request.get(lesson["video"].url, max_redirects=0)
    assert response.status == 302 and "/accounts/login/" in response.headers["location"]
