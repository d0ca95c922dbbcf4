"""A local HTTP server standing in for zoom.us and api.zoom.us.

The real client (learning/zoompool/zoom_client.py) talks to it unchanged: only
ZOOM_OAUTH_URL and ZOOM_API_BASE_URL point here. It answers like Zoom: Server-to-Server
OAuth tokens (Basic auth, account_credentials grant), meetings (create, get with a freshly
signed start_url, end, delete, a user's list by type with Zoom's paging), and recording
downloads authorised by a bearer token. Every request is recorded; ``fail(route, status, ...)``
makes the next calls of a route fail the way Zoom does (429 rate limit, 500, 401 …);
``delay`` slows every answer down; ``stall(route, seconds)`` does the work and then answers
late (a create that times out but reached Zoom); ``hang()`` stops answering at all (until
``unhang()`` or the end), the way a Zoom outage looks from here.

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
        self.stalls: dict[str, list[float]] = defaultdict(list)
        self.page_size = 300  # a list's page holds at most this many (and what was asked)
        self.hanging = threading.Event()
        self.released = threading.Event()
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
                if zoom.hanging.is_set():
                    # Accepted, read, never answered (until unhang() or the server stops).
                    zoom.requests.append({**request, "route": "hung"})
                    zoom.released.wait()
                    if zoom.hanging.is_set():
                        self.close_connection = True
                        return
                if zoom.delay:
                    time.sleep(zoom.delay)
                status, payload, headers = zoom.answer(request)
                stall = zoom.stalled(request.get("route", ""))
                if stall:
                    time.sleep(stall)  # the work is done; the answer comes too late
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

            def do_DELETE(self) -> None:
                self._handle("DELETE")

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

    def stall(self, route: str, seconds: float, *, times: int = 1) -> None:
        """The next ``times`` calls of a route do their work, then answer ``seconds`` late."""
        self.stalls[route].extend([seconds] * times)

    def stalled(self, route: str) -> float:
        with self.lock:
            return self.stalls[route].pop(0) if self.stalls[route] else 0.0

    def hang(self) -> None:
        """Stop answering: every request is read and left waiting."""
        self.released.clear()
        self.hanging.set()

    def unhang(self) -> None:
        self.hanging.clear()
        self.released.set()

    def start(self, meeting_id: str) -> None:
        """The host opened the start URL: the meeting is live."""
        self.meetings[str(meeting_id)]["status"] = "started"

    def add_meeting(self, host: str, *, created_at: str, status: str = "waiting", **fields) -> str:
        """A meeting made at Zoom some other way (e.g. by a call that timed out); its id."""
        meeting_id = str(next(self._ids))
        self.meetings[meeting_id] = {
            "id": int(meeting_id),
            "uuid": base64.b64encode(secrets.token_bytes(16)).decode(),
            "host_email": host,
            "topic": fields.pop("topic", "A meeting"),
            "type": fields.pop("type", 2),
            "start_time": fields.pop("start_time", created_at),
            "duration": 60,
            "timezone": "UTC",
            "created_at": created_at,
            "status": status,
            **self._meeting_urls(meeting_id),
            **fields,
        }
        return meeting_id

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    def calls(self, route: str) -> list[dict]:
        return [r for r in self.requests if r["route"] == route]

    def __enter__(self) -> FakeZoom:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.released.set()  # let hung requests go (they end without an answer)
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
        if method == "GET" and path.startswith("/v2/users/") and path.endswith("/meetings"):
            return "list"
        if method == "DELETE" and path.startswith("/v2/meetings/"):
            return "delete"
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
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
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

    def _delete(self, request: dict):
        if self._bearer(request) not in self.tokens:
            return self._unauthorised()
        meeting_id = request["path"].rsplit("/", 1)[1]
        with self.lock:
            meeting = self.meetings.pop(meeting_id, None)
        if meeting is None:
            return 404, {"code": 3001, "message": f"Meeting does not exist: {meeting_id}."}, {}
        return 204, None, {}

    def _list(self, request: dict):
        """GET /users/{userId}/meetings: Zoom's list of a host's meetings, ``type`` live (in
        progress), scheduled (every unexpired one, live included) or upcoming (not started
        yet, or live), ``page_size`` at most 300, paged by ``next_page_token``."""
        if self._bearer(request) not in self.tokens:
            return self._unauthorised()
        host = request["path"].split("/")[3]
        kind = request["query"].get("type", "scheduled")
        wanted = {
            "live": {"started"},
            "scheduled": {"waiting", "started", "ended"},
            "upcoming": {"waiting", "started"},
        }.get(kind)
        if wanted is None:
            return 400, {"code": 300, "message": f"Invalid type: {kind}"}, {}
        with self.lock:
            mine = [
                m
                for m in self.meetings.values()
                if m["host_email"] in (host, "me") and m["status"] in wanted
            ]
        size = min(int(request["query"].get("page_size") or 30), self.page_size, 300)
        offset = int(request["query"].get("next_page_token") or 0)
        page = mine[offset : offset + size]
        summaries = [
            {
                key: m[key]
                for key in (
                    "uuid",
                    "id",
                    "topic",
                    "type",
                    "start_time",
                    "duration",
                    "timezone",
                    "created_at",
                    "join_url",
                )
                if key in m
            }
            | {"host_id": "fakehostid"}
            for m in page
        ]
        more = offset + size < len(mine)
        return (
            200,
            {
                "page_size": size,
                "total_records": len(mine),
                "next_page_token": str(offset + size) if more else "",
                "meetings": summaries,
            },
            {},
        )

    def _download(self, request: dict):
        token = self._bearer(request)
        if token not in self.download_tokens and token not in self.tokens:
            return 401, {"code": 124, "message": "Invalid access token."}, {}
        content = self.files.get(request["path"])
        if content is None:
            return 404, {"code": 3301, "message": "This recording does not exist."}, {}
        return 200, content, {}
