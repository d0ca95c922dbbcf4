"""The journeys' fixtures: one demo site and one browser for the whole session.

The demo is seeded once (2–5 minutes) into an SQLite file and served by daphne (pages and
the messages socket, as deployed) with the production settings (tests/audit/server.py); tests
that change data put the seeded file back first (`fresh_site`). One Chromium (Debian's, never
one Playwright downloads) serves every test; each test gets its own browser context at its size
and language.

    SCREENSHOT_DIR   where screenshots and the axe-core report go (var/screenshots)
    JOURNEYS_DIR     keep the seeded site in this folder and reuse it next time (no re-seeding;
                     delete the folder after changing the demo, its data or the static files)
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.audit.server import DemoSite
from tests.gunicorn import ROOT

from ...conftest import skip_or_fail
from ..conftest import CHROMIUM_ARGS, _chromium_path
from .journey import AXE_GLOBAL, Journey, write_summary

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
LOCALES = {"ru": "ru-RU", "en": "en-US"}
PASSWORD = "ustat-demo-2026"  # the demo accounts' public password (demo/data/people.yaml)
_results: list[dict] = []


def screenshot_dir() -> Path:
    folder = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "var" / "screenshots")
    return folder if folder.is_absolute() else ROOT / folder


@pytest.fixture(scope="session")
def demo_site():
    """The demo on daphne with production settings, seeded once per session."""
    if not AXE.exists():
        skip_or_fail(f"axe-core is not installed at {AXE} (npm ci)")
    _chromium_path()
    kept = os.environ.get("JOURNEYS_DIR")
    folder = ROOT / kept if kept else Path(tempfile.mkdtemp(prefix="ustat-journeys-"))
    folder.mkdir(parents=True, exist_ok=True)
    site = DemoSite(folder, asgi=True)  # as deployed with the messages socket (README)
    site.prepare(reuse=bool(kept))
    site.start()
    yield site
    site.stop()
    if not kept:
        site.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_site(demo_site):
    """The demo as seeded: what an earlier test changed (an enrolment, an answer) is gone."""
    demo_site.reset()
    return demo_site


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the journeys. Playwright's sync API keeps an event loop in this thread,
    which Django would take for an async context; nothing here touches the database. Package
    scope: the loop must end with the journeys, or a later test on this pytest worker could
    not call async_to_sync (the socket tests)."""
    executable = _chromium_path()
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def shots():
    """The screenshot folder, emptied of the journeys' earlier screenshots; the axe-core
    summary (axe-report.md, axe-report.json) is written there when the session ends."""
    folder = screenshot_dir()
    for journey in ("visitor", "learner", "tutor"):
        shutil.rmtree(folder / journey, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    if _results:
        write_summary(_results, folder)


@pytest.fixture(params=["ru", "en"])
def lang(request) -> str:
    return request.param


@pytest.fixture(params=["phone", "desktop"])
def size(request) -> str:
    return request.param


@pytest.fixture
def journey_factory(browser, shots, lang, size):
    """journey_factory(name, site) → a Journey in a new context at this size and language."""
    axe_source = AXE.read_text()
    made: list[tuple] = []

    def make(name: str, site: DemoSite) -> Journey:
        context = browser.new_context(
            base_url=site.origin,
            locale=LOCALES[lang],
            timezone_id="Europe/Moscow",  # the demo's timetable is in the site's time zone
            **SIZES[size],
        )
        # Other sites are unreachable here: refuse them at once instead of waiting.
        context.route(lambda url: not url.startswith(site.origin), lambda route: route.abort())
        # axe-core is added to every page before its own scripts, as an init script: the
        # site's CSP (script-src 'self') refuses inline script tags, and it stays enforced.
        # Kept under its own name: the Wagtail userbar (tutors, staff) brings its own axe-core,
        # configured for its checker, and puts it in window.axe over this one.
        context.add_init_script(script=f"{axe_source}\n;window.{AXE_GLOBAL} = window.axe;")
        page = context.new_page()
        page.set_default_timeout(15_000)
        journey = Journey(page, name, lang, size, site.origin, shots)
        made.append((context, journey))
        return journey

    yield make
    for context, journey in made:
        _results.extend(journey.as_json())
        context.close()
