"""Messages between two browsers: a learner writes to a tutor from the tutor's page; the tutor's
open cabinet shows the message and the unread badge without a reload; the tutor replies; the
learner sees the reply live and the tutor the read receipt. Then the same exchange with
WebSockets blocked in both browsers: it still completes, by polling.

The journeys' demo is served by daphne (pages and the socket) with the production settings,
its channel layer on Redis under a prefix of its own, so no other site's events reach it (two
sites hold the same demo: the same conversation and people ids). A failed live step reports
each page's socket frames (RECORD_SOCKETS) and the server's socket log.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .conftest import PASSWORD
from .journey import Journey

pytestmark = [pytest.mark.e2e, pytest.mark.journeys, pytest.mark.xdist_group("journeys")]

LEARNER = "student2@ustat.test"
TUTOR = "tutor2@ustat.test"
TUTOR_PAGE = "/ru/tutors/dmitry-orlov/"

# A browser whose WebSocket never opens (a proxy that refuses the upgrade): the page must
# fall back to polling. Built before the site's scripts run.
BLOCK_WEBSOCKETS = """
window.WebSocket = function () {
  var socket = new EventTarget();
  socket.readyState = 3;
  socket.send = function () {};
  socket.close = function () {};
  setTimeout(function () {
    var event = new Event("close");
    event.code = 1006;
    socket.dispatchEvent(event);
  }, 20);
  return socket;
};
"""


# The first pair's sockets, recorded for a failure's report: when each opened and closed and
# what each frame said (the live steps below wait for frames).
RECORD_SOCKETS = """
(function () {
  var Native = window.WebSocket;
  if (!Native) return;
  var log = (window.__socketLog = []);
  function note(text) {
    log.push(Math.round(performance.now()) + " " + text);
    if (log.length > 100) log.shift();
  }
  window.WebSocket = function (url, protocols) {
    var socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    note("new");
    socket.addEventListener("open", function () { note("open"); });
    socket.addEventListener("close", function (e) { note("close " + e.code); });
    socket.addEventListener("message", function (e) { note(String(e.data).slice(0, 140)); });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
})();
"""


@pytest.fixture
def lang() -> str:
    return "ru"  # both languages share the code; phone and desktop both run


def unread_badge(journey: Journey, *others: Journey) -> str:
    badge = journey.page.locator("[data-testid=header-unread]")
    try:
        badge.wait_for(state="visible", timeout=15_000)
    except PlaywrightTimeout as error:
        raise AssertionError(f"no unread badge within 15 s: {report(journey, *others)}") from error
    return badge.inner_text()


STATE = """() => {
  var page = document.querySelector('[data-conversation]');
  var ids = Array.from(document.querySelectorAll('[data-message-id]')).map(
    function (n) {
      return n.getAttribute('data-message-id') + (n.hasAttribute('data-mine') ? 'm' : '');
    });
  var receipt = document.querySelector('[data-receipt]');
  var asked = page ? '/api/conversations/' + page.getAttribute('data-conversation') + '/'
                   : '/api/conversations/unread/';
  return fetch(asked, {headers: {Accept: 'application/json'}}).then(
    function (r) { return r.json(); }).then(
    function (d) { return JSON.stringify({visible: document.visibilityState,
      receipt: receipt && receipt.textContent, ids: ids,
      server: page ? {marks: d.read_marks} : d}); });
}"""


def state(journey: Journey) -> str:
    """The page's messages, receipt and visibility, and the server's read marks."""
    try:
        return journey.page.evaluate(STATE)
    except Exception as error:  # noqa: BLE001 - a diagnosis must not hide the test's own result
        return f"({type(error).__name__})"


def report(*journeys: Journey) -> str:
    """What each page and its socket saw (a failure's report)."""
    seen = []
    for journey in journeys:
        try:
            frames = journey.page.evaluate("window.__socketLog || []")
        except Exception as error:  # noqa: BLE001 - as in state()
            frames = [f"({type(error).__name__})"]
        url = journey.path(journey.page.url)
        seen.append(f"\n{journey.name} at {url}: {state(journey)}\n  " + "\n  ".join(frames))
    return "".join(seen)


def exchange(learner: Journey, tutor: Journey, first: str, reply: str, *, new: bool) -> None:
    """The learner writes (the first time from the tutor's page), the tutor sees it without a
    reload and answers, the learner sees the answer and the tutor the read receipt."""
    tutor.visit("tutor-inbox" if new else "tutor-inbox-polling", "/ru/cabinet/messages/")
    if new:
        learner.visit("tutor-page", TUTOR_PAGE)
        learner.click_and_wait("[data-testid=tutor-message]", "Message the tutor")
        learner.visit("first-message")
        learner.page.fill("textarea[name=text]", first)
        learner.click_and_wait("[data-composer-send]", "Send")
    else:
        learner.page.fill("textarea[name=text]", first)
        learner.page.press("textarea[name=text]", "Enter")
    learner.page.locator(".msg-mine", has_text=first).wait_for()
    learner.visit("conversation" if new else "conversation-polling")

    # The tutor's open list: the row and the header's badge, no reload.
    tutor.page.locator("[data-conversation-row]", has_text=first[:40]).wait_for(timeout=20_000)
    assert unread_badge(tutor, learner).strip().endswith("1")
    tutor.visit("tutor-inbox-live" if new else "tutor-inbox-live-polling")
    tutor.page.locator("[data-conversation-row]", has_text=first[:40]).click()
    tutor.page.locator(".msg", has_text=first).wait_for()
    tutor.page.fill("textarea[name=text]", reply)
    tutor.page.locator("[data-composer-send]").click()
    tutor.page.locator(".msg-mine", has_text=reply).wait_for()

    # The learner's open conversation gets the reply; reading it sends the receipt.
    learner.page.locator(".msg", has_text=reply).wait_for(timeout=20_000)
    learner.page.fill("textarea[name=text]", "Спасибо!" + first[-6:])
    learner.page.press("textarea[name=text]", "Enter")
    tutor.page.locator(".msg", has_text="Спасибо!" + first[-6:]).wait_for(timeout=20_000)
    tutor.page.fill("textarea[name=text]", "Пожалуйста" + first[-6:])
    tutor.page.press("textarea[name=text]", "Enter")
    learner.page.locator(".msg", has_text="Пожалуйста" + first[-6:]).wait_for(timeout=20_000)
    receipt = tutor.page.locator("[data-receipt]", has_text="Прочитано")
    try:
        receipt.wait_for(timeout=20_000)
    except PlaywrightTimeout as error:
        raise AssertionError(f"no read receipt within 20 s: {report(tutor, learner)}") from error
    tutor.visit("tutor-conversation" if new else "tutor-conversation-polling")


def server_log(site) -> str:
    """The server's last lines about sockets, and its errors."""
    log = site.folder / "daphne.log"
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    wanted = [line for line in lines if "WS" in line or '"level": "ERROR"' in line]
    return "\n".join(wanted[-60:])


def test_messages_between_two_browsers(journey_factory, fresh_site, size):
    learner = journey_factory("messages-learner", fresh_site)
    tutor = journey_factory("messages-tutor", fresh_site)
    for journey in (learner, tutor):
        journey.page.context.add_init_script(script=RECORD_SOCKETS)
    learner.sign_in(LEARNER, PASSWORD, "student")
    tutor.sign_in(TUTOR, PASSWORD, "teacher")
    tag = uuid.uuid4().hex[:6]
    try:
        exchange(
            learner,
            tutor,
            f"Здравствуйте! Можно пробный урок в четверг? {tag}",
            f"Да, в четверг в 18:00 свободно. {tag}",
            new=True,
        )
    except AssertionError as error:
        raise AssertionError(f"{error}\nserver log:\n{server_log(fresh_site)}") from error

    # The same two people again, in browsers whose sockets never open. The first pages go
    # (an open page of the tutor's would read the new message at once, over its socket).
    learner_url = learner.page.url
    for journey in (learner, tutor):
        journey.page.goto("about:blank")
    blocked_learner = journey_factory("messages-learner", fresh_site)
    blocked_tutor = journey_factory("messages-tutor", fresh_site)
    people = ((blocked_learner, LEARNER, "student"), (blocked_tutor, TUTOR, "teacher"))
    for journey, email, role in people:
        journey.page.context.add_init_script(script=BLOCK_WEBSOCKETS)
        journey.sign_in(email, PASSWORD, role)
    blocked_learner.go(learner_url)
    tag = uuid.uuid4().hex[:6]
    exchange(
        blocked_learner,
        blocked_tutor,
        f"А если связь плохая? {tag}",
        f"Тогда страница сама проверяет новые сообщения. {tag}",
        new=False,
    )
    for journey in (learner, tutor, blocked_learner, blocked_tutor):
        journey.check()
