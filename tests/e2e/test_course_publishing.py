"""An editor builds a course with two lessons in the page editor and submits it; a moderator
approves; a visitor finds the course in the catalog through a filter and through search."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from courses import services
from courses.models import CoursePage, LessonPage

from ..courses.factories import CourseIndexPageFactory, TutorIndexPageFactory
from ..factories import HomePageFactory, TeacherFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def portal():
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-e2e")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    catalog = CourseIndexPageFactory(parent=home)
    TutorIndexPageFactory(parent=home)
    services.moderation_workflow()
    editor = TeacherFactory(first_name="Елена", last_name="Редакторова")
    editor.groups.add(services.tutors_group())
    moderator = TeacherFactory(first_name="Михаил", last_name="Модеров")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    for user in (editor, moderator):  # the admin in English, so the test reads its labels
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    return {"catalog": catalog, "editor": editor, "moderator": moderator}


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def submit_for_moderation(page) -> None:
    page.get_by_role("button", name="More actions").click()
    # Wait for the answer to the POST: going on at once could cancel it (the next goto).
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Submit to Course moderation")).click()


def add_page(page, parent_id: int, model: str, fields: dict, choices: dict | None = None) -> None:
    page.goto(f"/admin/pages/add/courses/{model}/{parent_id}/")
    for selector, value in fields.items():
        page.locator(selector).fill(value)
    for selector, value in (choices or {}).items():
        page.locator(selector).select_option(value)
    # Wagtail fills the slug from the title when the title field loses focus; under load the
    # form could otherwise be sent before that ("This field is required").
    page.locator("#id_title").blur()
    expect(page.locator("#id_slug")).not_to_have_value("")
    submit_for_moderation(page)


def test_course_goes_from_editor_to_moderator_to_the_catalog(page, live_server, portal):
    catalog = portal["catalog"]
    sign_in(page, live_server, portal["editor"])
    add_page(
        page,
        catalog.pk,
        "coursepage",
        {"#id_title": "Химия для любопытных", "#id_summary": "Опыты и формулы без зубрёжки."},
        {"#id_level": "intermediate"},
    )
    course = CoursePage.objects.get(title="Химия для любопытных")
    for title in ("Атомы и молекулы", "Реакции вокруг нас"):
        add_page(page, course.pk, "lessonpage", {"#id_title": title, "#id_duration_minutes": "20"})
    assert LessonPage.objects.child_of(course).count() == 2
    course.refresh_from_db()
    assert not course.live and course.workflow_in_progress
    assert page.csp_violations == [] and page.js_errors == []

    sign_in(page, live_server, portal["moderator"])
    for item in [course, *LessonPage.objects.child_of(course).order_by("path")]:
        page.goto(f"/admin/pages/{item.pk}/edit/")
        page.get_by_role("button", name="More actions").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Approve and Publish").click()
    course.refresh_from_db()
    assert course.live and course.lessons_count == 2

    page.context.clear_cookies()
    page.goto(catalog.url)
    page.locator(".catalog-filters").get_by_role("link", name=re.compile(r"^Средний")).click()
    page.wait_for_url(re.compile(r"level=intermediate"))
    assert page.get_by_test_id("result-count").inner_text().startswith("1 ")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("Химия для любопытных")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Химия для любопытных"
    assert page.get_by_role("link", name="Атомы и молекулы").is_visible()

    page.goto("/ru/")
    page.get_by_role("searchbox").first.fill("химия")
    page.get_by_role("searchbox").first.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator('[data-kind="courses"]').get_by_text("Химия для любопытных").is_visible()
    assert page.csp_violations == [] and page.js_errors == []
