"""Playwright driving Debian's Chromium (never a browser Playwright downloads) at a live server."""

import os
import shutil

import pytest
from django.core.management import call_command
from django.db import connections

from ..conftest import skip_or_fail

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _chromium_path() -> str:
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    return path


@pytest.fixture
def page(live_server, monkeypatch):
    """A Chromium page on the live server that records CSP violations and script errors.

    Playwright's sync API keeps an event loop in this thread while it runs, which Django
    takes for an async context; the test's own ORM calls are still synchronous and safe, so
    async-unsafe calls are allowed for exactly as long as Playwright runs (never in a
    deployment). Playwright stops before the database is emptied after the test.
    """
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(base_url=live_server.url, locale="ru-RU")
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.csp_violations = []
        page.on(
            "console",
            lambda message: (
                page.csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        yield page
        context.close()
        browser.close()
        # While Playwright runs, Django keeps this test's database connections apart from
        # the rest of the thread's; close them here or PostgreSQL keeps them open.
        connections.close_all()


@pytest.fixture
def demo_site(live_server, settings):
    """The same content `make run` shows: demo pages and accounts.

    Tests using it mark themselves django_db(transaction=True, serialized_rollback=True): the
    live server needs committed data, and the rollback brings back what Wagtail's data
    migrations made (the tree's root, the Editors and Moderators groups).
    """
    settings.DEBUG = True  # the command refuses to load known passwords otherwise
    call_command("load_demo_data", verbosity=0)
    settings.DEBUG = False
