"""scripts/healthcheck.py, the image's HEALTHCHECK: healthy only on a 200 from /healthz, asked
with a host name Django accepts (the first of DJANGO_ALLOWED_HOSTS)."""

import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


class Healthz(BaseHTTPRequestHandler):
    status = 200
    seen: list[tuple[str, str]] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.seen.append((self.path, self.headers["Host"]))
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Healthz)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Healthz.seen = []
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def check(port: int, hosts: str) -> int:
    return subprocess.run(
        [sys.executable, "scripts/healthcheck.py"],
        cwd=ROOT,
        env={"GUNICORN_BIND": f"0.0.0.0:{port}", "DJANGO_ALLOWED_HOSTS": hosts},
        capture_output=True,
        timeout=30,
    ).returncode


def test_healthy_on_200_asked_with_an_allowed_host(server):
    Healthz.status = 200
    assert check(server.server_port, ".ustat.example,www.ustat.example") == 0
    assert Healthz.seen == [("/healthz", "ustat.example")]


def test_unhealthy_when_healthz_says_so_or_nothing_answers(server):
    Healthz.status = 503
    assert check(server.server_port, "localhost") == 1
    port = server.server_port
    server.shutdown()
    server.server_close()
    assert check(port, "localhost") == 1
