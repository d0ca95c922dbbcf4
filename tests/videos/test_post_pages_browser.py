"""Issue 18's pages at a phone's and a desktop's width, each checked with axe-core (no serious
or critical violation) and for width (nothing wider than the screen): the feed (a learner who
follows a tutor, and a new learner), member profiles (public, a tutor's with video posts, and
one hidden by its owner's choice), the cabinet's New video form, a video post with its player,
likes and comments (a learner; the tutor, who may hide comments) and the admin's Reports →
Video processing.

    E2E_SCREENSHOTS=var/screenshots/issue18  keep a full-page screenshot of each
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from accounts.models import ProfileSettings
from comments import services as comments
from community import services as community
from courses.models import TutorVideoPage
from tests.courses.factories import TutorPageFactory, TutorVideoPageFactory
from tests.factories import StudentFactory, UserFactory

from ..e2e.conftest import page  # noqa: F401 - the Playwright page fixture
from ..e2e.journeys.journey import AXE_OPTIONS, FAILING_IMPACTS
from ..e2e.test_course_publishing import sign_in
from .test_player_browser import AXE

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
AXE_NAME = "__issue18Axe"  # window.axe may be the Wagtail userbar's own


def post(tutor_page, media, title: str, description: str = "") -> TutorVideoPage:
    made = TutorVideoPageFactory(
        parent=tutor_page,
        owner=tutor_page.user,
        title=title,
        description=description,
        video=[{"type": "video", "value": {"embed": None, "file": media.pk, "caption": ""}}],
    )
    community.ensure_stats(made)
    return made


@pytest.fixture
def site(tutor_index, teacher, upload, five_seconds):
    teacher.first_name, teacher.last_name = "Ольга", "Лебедева"
    teacher.save()
    tutor_page = TutorPageFactory(parent=tutor_index, user=teacher, title="Ольга Лебедева")
    media = upload(five_seconds, user=teacher, title="Дроби")
    assert media.transcode.status == "ready", media.transcode.error
    posts = [
        post(tutor_page, media, "Дроби за пять минут", "Складываем дроби с разными знаменателями."),
        post(tutor_page, media, "Проценты без калькулятора"),
    ]
    other = TutorPageFactory(parent=tutor_index, title="Игорь Петров")
    post(other, media, "Степени и корни")

    learner = StudentFactory(verified=True, first_name="Аня", last_name="Смирнова")
    ProfileSettings.objects.update_or_create(
        user=learner, defaults={"profile_visibility": ProfileSettings.Visibility.PUBLIC}
    )
    community.follow(learner, tutor_page)
    community.like(learner, posts[0])
    reader = StudentFactory(verified=True, first_name="Борис", last_name="Кузнецов")
    ProfileSettings.objects.update_or_create(
        user=reader, defaults={"profile_visibility": ProfileSettings.Visibility.PRIVATE}
    )
    first = comments.add_comment(learner, posts[0], "Спасибо, теперь понятно, как приводить.")
    comments.add_comment(teacher, posts[0], "Рада, что помогло!", parent=first)
    comments.add_comment(reader, posts[0], "А можно разобрать пример с тремя дробями?")
    editor = UserFactory(is_staff=True, verified=True, first_name="Елена", last_name="Редактор")
    editor.groups.add(Group.objects.get(name="Editors"))
    return {
        "tutor": teacher,
        "learner": learner,
        "reader": reader,
        "newcomer": StudentFactory(verified=True),
        "editor": editor,
        "post": posts[0],
    }


def check(page, name: str, size: str) -> list[str]:  # noqa: F811
    """The page's failures: axe-core's serious and critical findings, a page wider than the
    screen; a screenshot is kept where E2E_SCREENSHOTS says."""
    page.wait_for_load_state("load")
    found = [
        f"{name}/{size}: {v['id']} [{v['impact']}] "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:4])
        for v in page.evaluate(f"o => window.{AXE_NAME}.run(document, o)", AXE_OPTIONS)[
            "violations"
        ]
        if v["impact"] in FAILING_IMPACTS
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > SIZES[size]["width"]:
        found.append(f"{name}/{size}: {width} px wide")
    if folder := os.environ.get("E2E_SCREENSHOTS"):
        target = Path(folder) / f"{name}-{size}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
    return found


def test_the_video_post_pages_pass_axe_at_both_sizes(page, live_server, site, five_seconds):  # noqa: F811
    clip = five_seconds
    page.context.add_init_script(script=f"{AXE.read_text()}\n;window.{AXE_NAME} = window.axe;")
    post_url = site["post"].url
    visits = [
        (site["learner"], "feed-following", "/ru/feed/", "[data-testid=feed]"),
        (site["newcomer"], "feed-new-learner", "/ru/feed/", "[data-testid=feed-follow-hint]"),
        (site["newcomer"], "member-public", f"/ru/members/{site['learner'].pk}/", "h1"),
        (site["newcomer"], "member-tutor", f"/ru/members/{site['tutor'].pk}/", "h1"),
        (site["newcomer"], "member-hidden", f"/ru/members/{site['reader'].pk}/", "h1"),
        (site["tutor"], "new-video", "/ru/cabinet/videos/new/", "[data-video-uploader]"),
        (site["learner"], "post-learner", post_url, "[data-testid=comment]"),
        (site["tutor"], "post-tutor", post_url, ".comment-hide"),
        (site["editor"], "admin-video-processing", "/admin/videos/processing/", "table"),
    ]
    failures: list[str] = []
    for person, name, url, ready in visits:
        page.goto("about:blank")  # the last page says goodbye (the player's save) signed in
        sign_in(page, live_server, person)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            page.goto(url)
            page.locator(ready).first.wait_for()
            if name.startswith("post-"):
                page.wait_for_function(
                    "() => (document.querySelector('video') || {}).readyState >= 1"
                )
            if name in ("feed-following", "feed-new-learner", "member-tutor"):  # posters load
                page.wait_for_function(
                    "() => [...document.querySelectorAll('.post-poster img, img.member-poster')]"
                    ".some(i => i.complete && i.naturalWidth > 0)"
                )
            if name == "new-video":  # as the tutor sees it once the video is up and processed
                assert page.locator("[data-progress-box]").is_hidden()
                failures += check(page, name, size)
                page.set_input_files("[data-video-file]", str(clip))
                page.get_by_test_id("video-processing-status").filter(
                    has_text="Видео обработано"
                ).wait_for(timeout=60_000)
                failures += check(page, "new-video-uploaded", size)
            else:
                failures += check(page, name, size)
    assert failures == [], "\n".join(failures)
    assert page.js_errors == [] and page.csp_violations == []
