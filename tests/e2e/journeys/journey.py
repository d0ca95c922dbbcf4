"""One walk through the site in one language at one size: each page it reaches is screenshot
and checked with axe-core; what goes wrong is kept and reported together at the end.

A page fails the journey when it answers anything but 200, when axe-core finds a serious or
critical violation, when a script throws or the Content-Security-Policy blocks something, when
it is not in the journey's language or is wider than the screen, or when the step that should
reach it cannot (a missing link or button). Moderate and minor
axe-core findings are listed in the report but fail nothing.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

FAILING_IMPACTS = {"serious", "critical"}
AXE_GLOBAL = "__journeysAxe"  # our axe-core's name in the page (window.axe may be Wagtail's)
# Everything axe-core checks by default (WCAG 2.0–2.2 A/AA and its best practices), but not
# inside frames: the only ones are video players of other sites (offline here).
AXE_OPTIONS = {"iframes": False, "resultTypes": ["violations"]}


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    @property
    def fails(self) -> bool:
        return self.impact in FAILING_IMPACTS


@dataclass
class PageResult:
    journey: str
    lang: str
    size: str
    name: str
    url: str
    status: int | None = None
    screenshot: str = ""
    violations: list[Violation] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # failures other than axe-core's

    @property
    def failures(self) -> list[str]:
        found = list(self.problems)
        if self.status != 200:
            found.append(f"HTTP {self.status}")
        found += [f"script: {error}" for error in self.script_errors]
        for v in self.violations:
            if v.fails:
                shown = ", ".join(v.targets[:4]) + (" …" if len(v.targets) > 4 else "")
                found.append(f"axe {v.rule} [{v.impact}] ×{len(v.targets)}: {shown} ({v.help})")
        return found


def _rule_ids(handles) -> set[str]:
    """The axe-core rule ids in console arguments (lists or objects of results)."""
    found: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("id"), str) and "nodes" in value:
                found.add(value["id"])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for handle in handles:
        try:
            walk(handle.json_value())
        except Exception:  # noqa: BLE001, S112 - the page is gone or the value is not JSON
            continue
    return found


class StepFailed(Exception):
    """A step of the journey could not be taken (the page it was on is reported)."""


class Journey:
    def __init__(self, page, name: str, lang: str, size: str, origin: str, shots: Path) -> None:
        self.page, self.name, self.lang, self.size = page, name, lang, size
        self.origin = origin
        self.shots = shots
        self.results: list[PageResult] = []
        self.notes: list[str] = []
        self._navigation_status: int | None = None
        self._errors: list[str] = []
        self._console: list[tuple] = []
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self._errors.append(str(error)))
        page.on("console", self._on_console)

    # --- Recording pages ----------------------------------------------------------------

    def _on_response(self, response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._navigation_status = response.status

    def _on_console(self, message) -> None:
        """CSP reports and errors of this site's pages and files (other sites are offline)."""
        where = (message.location or {}).get("url", "")
        if where == self.page.url and message.text.startswith("Failed to load resource"):
            return  # the page's own status, reported as such
        if "Content Security Policy" in message.text or (
            message.type == "error" and where.startswith(self.origin)
        ):
            self._console.append((message, where, self.page.url))

    def _console_errors(self) -> list[str]:
        """The errors logged so far, read once the page has settled (a message's arguments
        are read from the page, which an event handler must not do)."""
        errors = []
        for message, where, on in self._console:
            if on != self.page.url:
                continue  # logged by the page before, as it was left
            text = message.text
            if "userbar" in where:
                # Wagtail's own accessibility checker (admins' and tutors' userbar) logging
                # what it found: name its rules.
                rules = sorted(_rule_ids(message.args[1:]))
                text = "Wagtail's accessibility checker: " + (", ".join(rules) or text)
            errors.append(f"{text} ({self.path(where)})")
        self._console.clear()
        return errors

    def path(self, url: str) -> str:
        """The path of a URL of this site ("/ru/courses/")."""
        return url.removeprefix(self.origin) or "/"

    def _forget(self) -> None:
        """Before a navigation: what the last page logged is that page's."""
        self._errors.clear()
        self._console.clear()
        self._navigation_status = None

    def go(self, url: str) -> None:
        """Navigate without recording the page (a step on the way)."""
        self._forget()
        self.page.goto(url)

    def visit(self, name: str, url: str | None = None, ready: str | None = None) -> PageResult:
        """Go to url (or stay on the page a click just opened), wait for `ready` (a selector)
        if given, then screenshot the page and check it with axe-core."""
        if url is not None:
            self._forget()
            response = self.page.goto(url)
            if response is not None:
                self._navigation_status = response.status
        self.page.wait_for_load_state("load")
        result = PageResult(
            self.name, self.lang, self.size, name, self.path(self.page.url), self._navigation_status
        )
        self.results.append(result)
        if ready:
            try:
                self.page.locator(ready).first.wait_for(state="visible", timeout=10_000)
            except Exception as error:  # noqa: BLE001 - reported with the page
                result.problems.append(f"{ready!r} did not appear: {type(error).__name__}")
        page_lang = self.page.evaluate("document.documentElement.lang") or "?"
        if page_lang.split("-")[0].lower() != self.lang:
            result.problems.append(f"the page is in {page_lang!r}, not {self.lang!r}")
        width, screen = self.page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        viewport = (self.page.viewport_size or {}).get("width", screen)
        if max(width, screen) > viewport:  # a phone zooms out to show it all: check both
            result.problems.append(
                f"the page is {max(width, screen)} px wide on a {viewport} px screen"
            )
        shot = self.shots / self.name / f"{self.lang}-{self.size}-{name}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(shot), full_page=True)
        result.screenshot = str(shot)
        result.violations = self._axe()
        result.script_errors = self._errors + self._console_errors()
        self._errors = []
        return result

    def _axe(self) -> list[Violation]:
        if self.page.evaluate(f"typeof window.{AXE_GLOBAL}") == "undefined":
            # The context's init script adds it to every document the browser opens.
            raise StepFailed(f"axe-core did not load on {self.path(self.page.url)}")
        found = self.page.evaluate(
            f"options => window.{AXE_GLOBAL}.run(document, options)", AXE_OPTIONS
        )["violations"]
        return [
            Violation(
                v["id"],
                v["impact"] or "minor",
                v["help"],
                [" ".join(map(str, n["target"])) for n in v["nodes"]],
            )
            for v in found
        ]

    def fail(self, message: str) -> None:
        """A step could not be taken: reported against the page the journey is on."""
        if self.results and self.results[-1].url == self.path(self.page.url):
            self.results[-1].problems.append(message)
        else:
            result = PageResult(self.name, self.lang, self.size, "(step)", self.path(self.page.url))
            result.status = 200
            result.problems.append(message)
            self.results.append(result)

    @contextlib.contextmanager
    def step(self, what: str):
        """A step whose failure is reported and does not stop the rest of the journey."""
        try:
            yield
        except StepFailed as error:
            self.fail(f"{what}: {error}")
        except Exception as error:  # noqa: BLE001 - Playwright's timeouts and the like
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            self.fail(f"{what}: {type(error).__name__}: {first_line}")

    # --- Finding things -----------------------------------------------------------------

    def links(self, pattern: str) -> list[str]:
        """Paths of the links in <main> whose path matches the regular expression, in order."""
        hrefs = self.page.eval_on_selector_all(
            "main a[href]", "links => links.map(a => a.pathname + a.search)"
        )
        regex = re.compile(pattern)
        return list(dict.fromkeys(h for h in hrefs if regex.fullmatch(h)))

    def first_link(self, pattern: str, what: str) -> str:
        found = self.links(pattern)
        if not found:
            raise StepFailed(f"no link to {what} on {self.path(self.page.url)}")
        return found[0]

    def click_and_wait(self, selector: str, what: str) -> None:
        button = self.page.locator(selector).first
        if not button.count():
            raise StepFailed(f"no {what} ({selector}) on {self.path(self.page.url)}")
        self._forget()
        with self.page.expect_navigation():
            button.click()

    def sign_in(self, email: str, password: str, role: str) -> None:
        """Through the site's own sign-in: the role's form, e-mail and password."""
        self.go("/accounts/login/")
        self.page.locator(f"a[data-role={role}]").click()
        self.page.fill("input[name=email]", email)
        self.page.fill("input[name=password]", password)
        self._forget()
        with self.page.expect_navigation():
            self.page.locator("main form button[type=submit]").first.click()
        if "/cabinet/" not in self.page.url:
            raise StepFailed(f"signing in as {email} ended on {self.path(self.page.url)}")

    # --- The verdict --------------------------------------------------------------------

    def report(self) -> str:
        lines = []
        for result in self.results:
            if failures := result.failures:
                lines.append(f"{self.name} {self.lang}-{self.size} {result.name} ({result.url}):")
                lines += [f"    {failure}" for failure in failures]
        lines += [f"note: {note}" for note in self.notes]
        return "\n".join(lines)

    def check(self) -> None:
        """Fail the test with every page's failures, if any."""
        __tracebackhide__ = True
        failing = [r for r in self.results if r.failures]
        if failing:
            raise AssertionError(
                f"{len(failing)} of {len(self.results)} pages failed "
                f"(screenshots in {self.shots / self.name}):\n{self.report()}"
            )

    def as_json(self) -> list[dict]:
        return [
            {
                "journey": r.journey,
                "lang": r.lang,
                "size": r.size,
                "page": r.name,
                "url": r.url,
                "status": r.status,
                "screenshot": r.screenshot,
                "failures": r.failures,
                "violations": [v.__dict__ for v in r.violations],
            }
            for r in self.results
        ]


def write_summary(results: list[dict], folder: Path) -> Path:
    """axe-report.json (everything) and axe-report.md (per page: rule, impact, count)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "axe-report.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    lines = [
        "# Journeys: axe-core and page failures",
        "",
        "| journey | lang-size | page | URL | HTTP | serious/critical | moderate/minor | other |",
        "|---|---|---|---|--:|---|---|---|",
    ]

    def rules(violations: list[dict]) -> str:
        return ", ".join(f"{v['rule']} ×{len(v['targets'])}" for v in violations)

    for r in results:
        bad = [v for v in r["violations"] if v["impact"] in FAILING_IMPACTS]
        mild = [v for v in r["violations"] if v["impact"] not in FAILING_IMPACTS]
        other = "; ".join(f for f in r["failures"] if not f.startswith("axe ")).replace("|", "/")
        lines.append(
            f"| {r['journey']} | {r['lang']}-{r['size']} | {r['page']} | `{r['url']}` "
            f"| {r['status']} | {rules(bad)} | {rules(mild)} | {other} |"
        )
    path = folder / "axe-report.md"
    path.write_text("\n".join(lines) + "\n")
    return path


def events(journey: Journey) -> list[dict]:
    """The person's timetable for the next two weeks, as the calendar loads it."""
    now = datetime.now(UTC).date()
    answer = journey.page.request.get(
        f"/api/schedule/events/?start={now}&end={now + timedelta(days=15)}"
    )
    if not answer.ok:
        raise StepFailed(f"the timetable answered {answer.status}")
    return answer.json()


def calendar_with_lessons(journey: Journey, lang: str) -> str:
    """The calendar's address on the day of the person's next lesson: it opens on today (a
    day on phones, a week on desktops), and today may have none (a weekend, late at night)."""
    coming = sorted(event["start"] for event in events(journey) if event.get("start"))
    if not coming:
        raise StepFailed("no lesson in the next two weeks")
    return f"/{lang}/schedule/?date={coming[0][:10]}"
