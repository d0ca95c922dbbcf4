"""Wagtail's front-end accessibility checker (the userbar a tutor sees) finds nothing in the
site's own markup, so it shows no red badge and logs no "axe.run results" console error."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts.models import User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_checker_is_quiet_on_public_pages_for_a_tutor(page, demo_site, live_server):
    tutor = User.objects.get(email="tutor1@ustat.test")
    client = Client()
    client.force_login(tutor)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    findings = []
    page.on(
        "console",
        lambda message: (
            findings.append((page.url, message.text)) if "axe.run results" in message.text else None
        ),
    )
    for path in ("/ru/", "/ru/courses/", "/ru/tutors/", "/ru/blog/", "/ru/cabinet/"):
        page.goto(path)
        page.locator("wagtail-userbar").wait_for(state="attached")
        # The checker runs once the page is idle; give it the time it takes.
        page.wait_for_timeout(1500)
        assert not [url for url, _text in findings if re.search(re.escape(path) + "$", url)], (
            findings
        )
    assert page.js_errors == []
