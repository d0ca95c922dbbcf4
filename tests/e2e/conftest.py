"""Playwright driving Debian's Chromium (never a browser Playwright downloads) at a live server."""

import os
import shutil

import pytest
from django.core.management import call_command

from ..conftest import skip_or_fail

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
# body (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        skip_or_fail(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
            headless=True,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_violations = []
    # Every CSP violation the page reports ends up here, so tests can assert there are none.
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
