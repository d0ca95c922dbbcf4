"""The pool's live view in Chromium: the list follows the pool without a reload, under the CSP."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from learning.zoompool.models import ZoomAccount

from ..e2e.conftest import page  # noqa: F401 - the Playwright page fixture
from ..factories import AdminFactory, TeacherFactory
from .conftest import make_account, make_lesson

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def sign_in(page, live_server, user) -> None:  # noqa: F811
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def busy_count(browser_page) -> int:
    """The first number of the summary, "N of M active accounts are busy" in any language."""
    summary = browser_page.locator("[data-testid=pool-summary]").inner_text()
    return int(re.search(r"\d+", summary).group())


def test_the_account_list_refreshes_itself(page, live_server, settings, tmp_path):  # noqa: F811
    settings.ZOOMPOOL_ADMIN_REFRESH_SECONDS = 1
    account = make_account(label="Зум-1")
    make_account(label="Зум-2")
    admin = AdminFactory(verified=True)
    sign_in(page, live_server, admin)

    page.goto("/admin/zoom_accounts/")
    assert busy_count(page) == 0
    lesson = make_lesson(TeacherFactory(first_name="Мария", last_name="Иванова"))
    ZoomAccount.objects.filter(pk=account.pk).update(
        is_busy=True, current_lesson=lesson, busy_since=timezone.now()
    )

    # No reload: the page fetches the list again by itself.
    page.locator("#listing-results", has_text="Мария Иванова").wait_for(timeout=10_000)
    assert busy_count(page) == 1
    page.screenshot(path=str(tmp_path / "pool.png"), full_page=True)
    assert page.csp_violations == [] and page.js_errors == []

    page.goto(f"/admin/zoom_accounts/edit/{account.pk}/")
    assert page.locator("input[name=client_secret]").input_value() == ""
    page.screenshot(path=str(tmp_path / "edit.png"), full_page=True)
    page.goto("/admin/zoom_peak_use/")
    page.locator("[data-testid=peak-grid]").wait_for()
    page.screenshot(path=str(tmp_path / "peak.png"), full_page=True)
    assert page.csp_violations == [] and page.js_errors == []
