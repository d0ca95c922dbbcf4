"""Issue 18's story in Chromium, end to end: a tutor uploads a short clip from the cabinet's
"New video" and sends it to moderators; a moderator approves it in the Wagtail admin; a
learner who follows the tutor finds it in the feed, plays it through HLS, likes it and
comments; the tutor reads both notices (the comment's at once, the likes' from the hourly
batch task, run here rather than waited for). Transcoding runs eagerly, as in the upload
test (no broker in tests)."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from accounts.models import Notification
from community import tasks as community_tasks
from courses import services as courses
from courses.models import TutorVideoPage
from videos.models import Transcode

from ..e2e.conftest import page  # noqa: F401 - the Playwright page fixture
from ..e2e.test_course_publishing import sign_in
from ..factories import StudentFactory, UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Дроби за пять секунд"
SEGMENT = re.compile(r"\.(ts|m4s)(\?|$)")


@pytest.fixture
def people(teacher, tutor_index, settings):
    settings.VIDEOS_SEGMENT_SECONDS = 2  # a few segments of the short clip
    courses.moderation_workflow()
    tutor_page = courses.grant_tutor_tools(teacher)
    tutor_page.title = f"{teacher.first_name} {teacher.last_name}"
    tutor_page.save_revision().publish()
    moderator = UserFactory(is_staff=True, verified=True, first_name="Михаил")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "en"  # the admin in English, so the test reads its labels
    profile.save()
    return {
        "tutor": teacher,
        "tutor_page": tutor_page,
        "moderator": moderator,
        "learner": StudentFactory(verified=True, first_name="Аня", last_name="Смирнова"),
    }


def notices(page, live_server) -> str:  # noqa: F811
    page.goto("/ru/cabinet/notifications/")
    return page.locator("main").inner_text()


def test_a_video_post_from_upload_to_the_tutors_notices(page, live_server, people, five_seconds):  # noqa: F811, PLR0915
    answers: list[tuple[str, int]] = []
    page.on("response", lambda response: answers.append((response.url, response.status)))

    # The learner follows the tutor before the post exists.
    sign_in(page, live_server, people["learner"])
    page.goto(people["tutor_page"].url)
    follow = page.get_by_test_id("follow-button")
    follow.click()
    expect(follow).to_have_attribute("aria-pressed", "true")

    # The tutor uploads the clip from the cabinet and watches it go up, then sends it.
    sign_in(page, live_server, people["tutor"])
    page.goto("/ru/cabinet/")
    page.get_by_test_id("cabinet-new-video").click()
    page.wait_for_url(re.compile(r"/ru/cabinet/videos/new/$"))
    page.set_input_files("[data-video-file]", str(five_seconds))
    expect(page.locator("[data-progress-box]")).to_be_visible()
    status = page.get_by_test_id("video-upload-status")
    status.filter(has_text="Видео загружено").wait_for(timeout=60_000)
    assert page.locator("progress[data-progress]").get_attribute("value") == "100"
    processing = page.get_by_test_id("video-processing-status")
    expect(processing).to_contain_text("Видео обработано", timeout=60_000)
    job = Transcode.objects.get()
    assert job.status == Transcode.Status.READY and job.renditions, job.error
    page.get_by_label("Название").fill(TITLE)
    page.get_by_label("Теги").fill("дроби")
    page.get_by_test_id("new-video-submit").click()
    page.get_by_text("Видео отправлено модераторам").wait_for()
    video = TutorVideoPage.objects.get()
    assert not video.live and video.current_workflow_state.status == "in_progress"

    # The moderator approves and publishes it in the admin.
    sign_in(page, live_server, people["moderator"])
    page.goto(f"/admin/pages/{video.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and Publish").click()
    video.refresh_from_db()
    assert video.live
    assert page.js_errors == [] and page.csp_violations == []

    # The learner: the post is in the feed, first among the followed tutors' posts.
    sign_in(page, live_server, people["learner"])
    page.goto("/ru/feed/")
    expect(page.locator(".feed-divider").first).to_have_text("От ваших репетиторов")
    card = page.get_by_test_id("post-card").filter(has_text=TITLE)
    with page.expect_navigation():
        card.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    byline = page.get_by_test_id("post-byline")  # who posted it, followed already
    expect(byline).to_contain_text(people["tutor_page"].title)
    expect(byline.get_by_test_id("follow-button")).to_have_attribute("aria-pressed", "true")

    # It plays through hls.js: playlists and segments answered 200, and time goes on.
    page.wait_for_function(
        "() => { const v = document.querySelector('video[data-lesson-video]');"
        " return v && v.src.startsWith('blob:') && v.readyState >= 2; }",
        timeout=30_000,
    )
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function("() => document.querySelector('video').currentTime > 1")
    playlists = [url for url, code in answers if ".m3u8" in url and code == 200]
    segments = [url for url, code in answers if SEGMENT.search(url) and code == 200]
    assert playlists and segments, answers
    assert all(code == 200 for url, code in answers if "/videos/media/" in url)

    # A like and a comment.
    like = page.get_by_test_id("like-button")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like.locator("[data-count]")).to_have_text("1")
    page.get_by_label("Ваш комментарий").fill("Спасибо, наконец понятно!")
    with page.expect_navigation():
        page.get_by_role("button", name="Отправить комментарий").click()
    expect(page.get_by_test_id("comment").first).to_contain_text("Спасибо, наконец понятно!")
    assert page.js_errors == [] and page.csp_violations == []

    # The tutor: the comment's notice at once; the likes' once the hourly batch has run.
    sign_in(page, live_server, people["tutor"])
    text = notices(page, live_server)
    assert f"Новый комментарий к «{TITLE}»" in text, text
    assert "оценил" not in text
    assert community_tasks.notify_likes() == 1
    text = notices(page, live_server)
    assert f"1 человек оценил «{TITLE}»" in text, text
    assert Notification.objects.filter(user=people["tutor"]).count() == 2
    assert page.js_errors == [] and page.csp_violations == []
