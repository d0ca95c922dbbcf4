"""Sentry: on only with SENTRY_DSN; what reaches it carries no address, body or secret."""

from __future__ import annotations

import gzip
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from core.observability import request_id, sentry
from tests.portal.test_settings import PRODUCTION_ENV, run_manage

RAISE_AND_FLUSH = """
import sentry_sdk
try:
    raise ValueError("card of anna@example.com declined")
except ValueError:
    sentry_sdk.capture_exception()
print("active", sentry_sdk.get_client().is_active())
sentry_sdk.flush(5)
"""


class Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        Collector.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_events_reach_sentry_scrubbed_only_when_a_dsn_is_set():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Collector.received = []
    try:
        dsn = f"http://public@127.0.0.1:{server.server_port}/1"
        on = run_manage(
            "shell", "-c", RAISE_AND_FLUSH, env_overrides={**PRODUCTION_ENV, "SENTRY_DSN": dsn}
        )
        off = run_manage(
            "shell", "-c", RAISE_AND_FLUSH, env_overrides=PRODUCTION_ENV, drop=("SENTRY_DSN",)
        )
    finally:
        server.shutdown()
    assert "active True" in on.stdout, on.stderr
    assert "active False" in off.stdout, off.stderr
    sent = b"".join(Collector.received)
    assert b"card of [email] declined" in sent
    assert b"anna@example.com" not in sent


def test_the_scrubber_drops_bodies_cookies_query_strings_and_people():
    event = {
        "request": {
            "url": "https://ustat.example/calendar/feed/secret-token/?key=1",
            "query_string": "key=1",
            "data": {"email": "anna@example.com", "password": "hunter2"},
            "cookies": {"sessionid": "abc"},
            "headers": {"Authorization": "Bearer t", "User-Agent": "UA", "Stripe-Signature": "s"},
            "env": {"REMOTE_ADDR": "10.0.0.1"},
        },
        "user": {"email": "anna@example.com", "ip_address": "10.0.0.1"},
        "logentry": {"message": "Refund for %s", "params": ["anna@example.com"]},
        "exception": {
            "values": [
                {
                    "value": "Bearer abc.def failed",
                    "stacktrace": {"frames": [{"function": "f", "vars": {"password": "hunter2"}}]},
                }
            ]
        },
    }
    token = request_id.current.set("req-1")
    try:
        scrubbed = sentry.scrub(event)
    finally:
        request_id.current.reset(token)
    request = scrubbed["request"]
    assert request["url"] == "https://ustat.example/calendar/feed/secret-token/"
    assert not {"query_string", "data", "cookies", "env"} & set(request)
    assert request["headers"] == {"User-Agent": "UA"}
    assert "user" not in scrubbed and "params" not in scrubbed["logentry"]
    assert "hunter2" not in str(scrubbed) and "abc.def" not in str(scrubbed)
    assert scrubbed["tags"]["request_id"] == "req-1"


def test_nothing_starts_without_a_dsn():
    assert sentry.init("") is False
