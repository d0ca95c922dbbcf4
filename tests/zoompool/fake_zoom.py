"""A local HTTP server standing in for zoom.us and api.zoom.us.

The real client (learning/zoompool/zoom_client.py) talks to it unchanged: only
ZOOM_OAUTH_URL and ZOOM_API_BASE_URL point here. It answers like Zoom: Server-to-Server
OAuth tokens (Basic auth, account_credentials grant), meetings (create, get with a freshly
signed start_url, end), and recording downloads authorised by a bearer token. Every request
is recorded; ``fail(route, status, ...)`` makes the next calls of a route fail the way
Zoom does (429 rate limit, 500, 401 …); ``delay`` slows every answer down.

Also used by the benchmark (tests/bench/zoompool.py) and the browser tests.
"""

from __future__ import annotations

import base64
import itertools
import json
import secrets
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


class FakeZoom:
    def __init__(self, *, delay: float = 0.0) -> None:
        self.delay = delay
        self.apps: dict[str, tuple[str, str]] = {}  # client_id -> (client_secret, account_id)
        self.tokens: dict[str, str] = {}  # access token -> client_id
        self.download_tokens: set[str] = set()
        self.files: dict[str, bytes] = {}  # download path -> content
        self.meetings: dict[str, dict] = {}
        self.requests: list[dict] = []
        self.failures: dict[str, list[tuple[int, dict, dict]]] = defaultdict(list)
        self.lock = threading.Lock()
        self._ids = itertools.count(85_000_000_001)
        zoom = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self, method: str) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = {
                    "method": method,
                    "path": parts.path,
                    "query": {k: v[0] for k, v in parse_qs(parts.query).items()},
                    "body": body,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                }
                if zoom.delay:
                    time.sleep(zoom.delay)
                status, payload, headers = zoom.answer(request)
                if isinstance(payload, bytes):
                    data, kind = payload, "video/mp4"
                elif payload is None:
                    data, kind = b"", ""
                else:
                    data, kind = json.dumps(payload).encode(), "application/json"
                self.send_response(status)
                if kind:
                    self.send_header("Content-Type", kind)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PUT(self) -> None:
                self._handle("PUT")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- set-up ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_base(self) -> str:
        return f"{self.url}/v2"

    @property
    def oauth_url(self) -> str:
        return f"{self.url}/oauth/token"

    def add_app(self, client_id: str, client_secret: str, account_id: str) -> None:
        self.apps[client_id] = (client_secret, account_id)

    def add_file(self, content: bytes, *, download_token: str = "") -> str:
        """A recording file to download; its URL."""
        path = f"/rec/download/{secrets.token_hex(8)}"
        self.files[path] = content
        if download_token:
            self.download_tokens.add(download_token)
        return self.url + path

    def fail(
        self, route: str, status: int, body: dict | None = None, *, times: int = 1, headers=None
    ) -> None:
        """The next ``times`` calls of a route ("token", "create", "get", "end", "download")."""
        default = {"code": status, "message": f"Fake Zoom failure {status}"}
        self.failures[route].extend([(status, body or default, headers or {})] * times)

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def calls(self, route: str) -> list[dict]:
        return [r for r in self.requests if r["route"] == route]

    def __enter__(self) -> FakeZoom:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- answers ---------------------------------------------------------------------------

    @staticmethod
    def _route(method: str, path: str) -> str:
        if method == "POST" and path == "/oauth/token":
            return "token"
        if method == "POST" and path.startswith("/v2/users/") and path.endswith("/meetings"):
            return "create"
        if method == "PUT" and path.startswith("/v2/meetings/") and path.endswith("/status"):
            return "end"
        if method == "GET" and path.startswith("/v2/meetings/"):
            return "get"
        if method == "GET" and path.startswith("/rec/download/"):
            return "download"
        return "unknown"

    def answer(self, request: dict) -> tuple[int, dict | bytes | None, dict]:
        route = self._route(request["method"], request["path"])
        request["route"] = route
        with self.lock:
            self.requests.append(request)
            failure = self.failures[route].pop(0) if self.failures[route] else None
        if failure:
            return failure
        handler = getattr(self, f"_{route}", None)
        if handler is None:
            return 404, {"code": 404, "message": "Not found"}, {}
        return handler(request)

    def _bearer(self, request: dict) -> str:
        header = request["headers"].get("authorization", "")
        return header[7:] if header.startswith("Bearer ") else ""

    def _token(self, request: dict):
        query = request["query"]
        if query.get("grant_type") != "account_credentials":
            return 400, {"reason": "Unsupported grant type", "error": "unsupported_grant_type"}, {}
        try:
            kind, encoded = request["headers"].get("authorization", "").split(" ", 1)
            client_id, client_secret = base64.b64decode(encoded).decode().split(":", 1)
        except ValueError:
            return 401, {"reason": "Invalid client", "error": "invalid_client"}, {}
        app = self.apps.get(client_id)
        if kind != "Basic" or app is None or app[0] != client_secret:
            return (
                400,
                {"reason": "Invalid client_id or client_secret", "error": "invalid_client"},
                {},
            )
        if app[1] != query.get("account_id"):
            return 400, {"reason": "Invalid account_id", "error": "invalid_request"}, {}
        token = "fake-" + secrets.token_urlsafe(12)
        with self.lock:
            self.tokens[token] = client_id
        return (
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": 3599,
                "scope": "meeting:write:admin recording:read:admin user:read:admin",
            },
            {},
        )

    def _unauthorised(self):
        return 401, {"code": 124, "message": "Invalid access token."}, {}

    def _meeting_urls(self, meeting_id: str) -> dict:
        zak = secrets.token_urlsafe(16)
        return {
            "start_url": f"https://zoom.us/s/{meeting_id}?zak={zak}",
            "join_url": f"https://zoom.us/j/{meeting_id}?pwd=fake",
        }

    def _create(self, request: dict):
        if self._bearer(request) not in self.tokens:
            return self._unauthorised()
        body = json.loads(request["body"] or b"{}")
        meeting_id = str(next(self._ids))
        meeting = {
            "id": int(meeting_id),
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "host_email": request["path"].split("/")[3],
            "topic": body.get("topic"),
            "type": body.get("type"),
            "start_time": body.get("start_time"),
            "duration": body.get("duration"),
            "timezone": body.get("timezone"),
            "settings": body.get("settings", {}),
            "status": "waiting",
            **self._meeting_urls(meeting_id),
        }
        with self.lock:
            self.meetings[meeting_id] = meeting
        return 201, meeting, {}

    def _get(self, request: dict):
        if self._bearer(request) not in self.tokens:
            return self._unauthorised()
        meeting_id = request["path"].rsplit("/", 1)[1]
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return 404, {"code": 3001, "message": f"Meeting does not exist: {meeting_id}."}, {}
        meeting.update(self._meeting_urls(meeting_id))  # a fresh host token each time
        return 200, meeting, {}

    def _end(self, request: dict):
        if self._bearer(request) not in self.tokens:
            return self._unauthorised()
        meeting_id = request["path"].split("/")[3]
        meeting = self.meetings.get(meeting_id)
        if meeting is None:
            return 404, {"code": 3001, "message": f"Meeting does not exist: {meeting_id}."}, {}
        if json.loads(request["body"] or b"{}").get("action") != "end":
            return 400, {"code": 300, "message": "Invalid action."}, {}
        meeting["status"] = "ended"
        return 204, None, {}

    def _download(self, request: dict):
        token = self._bearer(request)
        if token not in self.download_tokens and token not in self.tokens:
            return 401, {"code": 124, "message": "Invalid access token."}, {}
        content = self.files.get(request["path"])
        if content is None:
            return 404, {"code": 3301, "message": "This recording does not exist."}, {}
        return 200, content, {}
