"""A new visitor signs up as a student and finds their way around, in a real browser."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_student_signs_up_sees_cabinet_and_switches_language(page, demo_site):
    page.goto("/")
    page.wait_for_url(re.compile(r"/ru/$"))
    assert page.locator("html").get_attribute("lang") == "ru"

    page.get_by_test_id("sign-in-link").click()
    page.get_by_role("link", name=re.compile("Я ученик")).click()
    page.get_by_label("Эл. почта").fill("new.learner@example.com")
    page.get_by_label("Пароль").fill("Tea-and-Calculus-42")
    page.get_by_role("button", name="Продолжить").click()

    cabinet_link = page.get_by_test_id("cabinet-link")
    cabinet_link.wait_for()
    assert cabinet_link.inner_text() == "Личный кабинет"
    user = User.objects.get(email="new.learner@example.com")
    assert user.role == User.Role.STUDENT
    assert hasattr(user, "student_profile")

    page.goto("/ru/")
    # The header's switch (the footer has one too); the name goes on to the language's own.
    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^EN\b")).click()
    page.wait_for_url(re.compile(r"/en/$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_test_id("cabinet-link").inner_text() == "My cabinet"
    assert page.get_by_role("heading", level=1).inner_text() == "Learn from the best teachers"

    page.get_by_role("banner").get_by_role("link", name=re.compile(r"^RU\b")).click()
    page.wait_for_url(re.compile(r"/ru/$"))
    assert page.get_by_test_id("cabinet-link").inner_text() == "Личный кабинет"
    assert page.csp_violations == []


def test_site_and_wagtail_admin_work_under_the_content_security_policy(
    page, demo_site, live_server
):
    admin = User.objects.get(email="admin@ustat.test")
    client = Client()
    client.force_login(admin)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for path in ("/ru/", "/ru/search/?q=курсы", "/admin/", "/admin/pages/"):
        page.goto(path)
        assert page.csp_violations == [], path
        assert page.js_errors == [], path

    # The page editor is the most script-heavy screen: its StreamField must come alive.
    from home.models import HomePage

    home = HomePage.objects.get(locale__language_code="ru")
    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.locator("[data-streamfield-stream-container]").first.wait_for()
    assert page.csp_violations == []
    assert page.js_errors == []
