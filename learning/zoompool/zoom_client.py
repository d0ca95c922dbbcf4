"""The one module that talks to Zoom's REST API, through `requests`.

Server-to-Server OAuth: each pool account is a Zoom S2S OAuth app (account ID, client ID,
client secret). Its access token (valid one hour) is fetched from ZOOM_OAUTH_URL and kept in
Django's cache (shared by every web process and worker) until shortly before it expires.

Base URLs come from settings ZOOM_API_BASE_URL (default https://api.zoom.us/v2) and
ZOOM_OAUTH_URL (default https://zoom.us/oauth/token) so tests run this very code against a
local server; ZOOM_TIMEOUT_SECONDS bounds every call unless the caller gives a shorter
``timeout`` (a teacher's start does). Any failure is a ZoomError carrying Zoom's own message;
``transient`` tells callers whether trying again later may help (429 rate limit, 5xx,
network), ``unavailable`` that Zoom gave no answer at all, and ``retry_after`` when to try
again (from Zoom's rate-limit headers, or the breaker).

Every API call goes through the circuit breaker of its API address (``breaker.py``): while
Zoom is not answering, calls fail at once instead of each waiting for its time-out.

Webhook signing is here too: it is Zoom's scheme, used by the webhook view and the tests.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import IO, Any

import requests
from django.core.cache import cache
from django.utils.dateparse import parse_datetime

from .app_settings import app_settings
from .breaker import Breaker

logger = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.zoom.us/v2"
DEFAULT_OAUTH_URL = "https://zoom.us/oauth/token"
DEFAULT_TIMEOUT = 10  # seconds to read an answer; connecting gets at most 5
DOWNLOAD_TIMEOUT = 60  # seconds between two chunks of a recording
TOKEN_MARGIN = 300  # drop a cached token this many seconds before Zoom's expiry
CHUNK = 1024 * 1024
PAGE_SIZE = 300  # Zoom's largest page of a meeting list
MAX_PAGES = 20  # 6,000 meetings: far more than one pool user ever has


class ZoomError(Exception):
    """Zoom refused the request or could not be reached."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: Any = None,
        transient: bool = False,
        unavailable: bool = False,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.transient = transient or unavailable
        self.unavailable = unavailable  # no answer: timed out, unreachable, or breaker open
        self.retry_after = retry_after


def api_base() -> str:
    return (app_settings.ZOOM_API_BASE_URL or DEFAULT_API_BASE).rstrip("/")


def oauth_url() -> str:
    return app_settings.ZOOM_OAUTH_URL or DEFAULT_OAUTH_URL


def timeout() -> tuple[float, float]:
    read = float(app_settings.ZOOM_TIMEOUT_SECONDS or DEFAULT_TIMEOUT)
    return (min(5.0, read), read)


def _message(response: requests.Response) -> tuple[str, Any]:
    """Zoom's own words: {"code", "message"} from the API, {"reason", "error"} from OAuth."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        text = (
            body.get("message")
            or body.get("reason")
            or body.get("error_description")
            or body.get("error")
        )
        if text:
            return str(text)[:500], body.get("code") or body.get("error")
    text = (response.text or "").strip()[:200]
    return text or response.reason or f"HTTP {response.status_code}", None


def retry_after(headers, now: datetime | None = None) -> int | None:
    """Seconds until Zoom takes requests again, from a 429's headers; None when they don't say.

    ``Retry-After`` is seconds, an HTTP date, or (Zoom's daily limit) an ISO 8601 time such as
    ``2020-05-31T00:00:00Z``. Without it, ``X-RateLimit-Type`` tells the limit: ``QPS`` (per
    second) passes in a second; ``Daily-limit`` resets at 00:00 UTC.
    """
    now = now or datetime.now(UTC)
    value = (headers.get("Retry-After") or "").strip()
    if value:
        if value.isdigit():
            return max(1, int(value))
        try:
            when = parse_datetime(value) or parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            when = when if when.tzinfo else when.replace(tzinfo=UTC)
            return max(1, math.ceil((when - now).total_seconds()))
    kind = (headers.get("X-RateLimit-Type") or "").strip().lower()
    if kind.startswith("daily"):
        tomorrow = now.astimezone(UTC).date() + timedelta(days=1)
        midnight = datetime(tomorrow.year, tomorrow.month, tomorrow.day, tzinfo=UTC)
        return max(1, math.ceil((midnight - now).total_seconds()))
    if kind in ("qps", "per-second", "per second"):
        return 1
    return None


def error_from(response: requests.Response, what: str) -> ZoomError:
    message, code = _message(response)
    status = response.status_code
    return ZoomError(
        f"Zoom {what}: {message} (HTTP {status})",
        status=status,
        code=code,
        transient=status == 429 or status >= 500,
        retry_after=retry_after(response.headers) if status == 429 else None,
    )


def _network_error(error: requests.RequestException, what: str) -> ZoomError:
    kind = "timed out" if isinstance(error, requests.Timeout) else "is unreachable"
    return ZoomError(f"Zoom {kind} ({what}): {error.__class__.__name__}", unavailable=True)


# ---------------------------------------------------------------------------------------------
# Webhook signatures (https://developers.zoom.us/docs/api/webhooks/)


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """x-zm-signature: "v0=" + hex HMAC-SHA256(secret, "v0:{timestamp}:{raw body}")."""
    message = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return bool(secret) and hmac.compare_digest(
        webhook_signature(secret, timestamp, body), signature or ""
    )


def url_validation_token(secret: str, plain_token: str) -> str:
    """endpoint.url_validation's encryptedToken: hex HMAC-SHA256(secret, plainToken)."""
    return hmac.new(secret.encode(), plain_token.encode(), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------------------------
# The API client


@dataclass(frozen=True)
class ZoomClient:
    account_id: str
    client_id: str
    client_secret: str
    endpoint: str = ""  # instead of Zoom's own hosts (demo accounts): {endpoint}/oauth/token, /v2
    # (connect, read) seconds for each call; None: ZOOM_TIMEOUT_SECONDS (background work).
    timeout: tuple[float, float] | None = None

    @classmethod
    def for_account(cls, account, *, timeout: tuple[float, float] | None = None) -> ZoomClient:
        if not (account.account_id and account.client_id and account.client_secret):
            raise ZoomError(f"Zoom account {account} has no complete credentials")
        return cls(
            account.account_id,
            account.client_id,
            account.client_secret,
            getattr(account, "endpoint_override", "") or "",
            timeout,
        )

    @property
    def oauth_url(self) -> str:
        return self.endpoint.rstrip("/") + "/oauth/token" if self.endpoint else oauth_url()

    @property
    def api_base(self) -> str:
        return self.endpoint.rstrip("/") + "/v2" if self.endpoint else api_base()

    @property
    def breaker(self) -> Breaker:
        return Breaker(self.api_base)

    def _timeout(self) -> tuple[float, float]:
        return self.timeout or timeout()

    def _send(self, what: str, method: str, url: str, **kwargs) -> requests.Response:
        """One request through the breaker: refused at once while it is open; a missing
        answer or a 5xx counts against Zoom, any other answer clears it."""
        breaker = self.breaker
        if (wait := breaker.wait_before_call()) is not None:
            raise ZoomError(
                f"Zoom is not answering ({what}): calls paused for {wait} s",
                unavailable=True,
                retry_after=wait,
            )
        try:
            response = requests.request(method, url, timeout=self._timeout(), **kwargs)
        except requests.RequestException as error:
            breaker.failed()
            failure = _network_error(error, what)
            failure.retry_after = breaker.open_for()
            raise failure from error
        if response.status_code >= 500:
            breaker.failed()
        else:
            breaker.answered()
        return response

    # -- the OAuth token ------------------------------------------------------------------

    @property
    def _cache_key(self) -> str:
        # Derived from the credentials (never storing them), so new credentials get a new token.
        digest = hashlib.sha256(
            f"{self.oauth_url}\0{self.account_id}\0{self.client_id}\0{self.client_secret}".encode()
        ).hexdigest()[:32]
        return f"zoompool:token:{digest}"

    def access_token(self, *, refresh: bool = False) -> str:
        if not refresh and (token := cache.get(self._cache_key)):
            return token
        response = self._send(
            "token",
            "POST",
            self.oauth_url,
            params={"grant_type": "account_credentials", "account_id": self.account_id},
            auth=(self.client_id, self.client_secret),
        )
        if response.status_code != 200:
            raise error_from(response, "token")
        try:
            body = response.json()
            token = body["access_token"]
            expires_in = int(body.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError) as error:
            raise ZoomError("Zoom token: unexpected answer", status=200) from error
        cache.set(self._cache_key, token, max(30, expires_in - TOKEN_MARGIN))
        return token

    def forget_token(self) -> None:
        cache.delete(self._cache_key)

    def _call(
        self,
        method: str,
        path: str,
        what: str,
        *,
        json: dict | None = None,
        params: dict | None = None,
    ) -> requests.Response:
        """One API call; a 401 with a cached token means it was revoked: fetch one, try again."""
        for attempt in (1, 2):
            token = self.access_token(refresh=attempt == 2)
            response = self._send(
                what,
                method,
                self.api_base + path,
                json=json,
                params=params,
                headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            )
            if response.status_code != 401 or attempt == 2:
                break
            self.forget_token()
        if response.status_code >= 400:
            raise error_from(response, what)
        return response

    @staticmethod
    def _json(response: requests.Response, what: str) -> dict:
        try:
            body = response.json()
        except ValueError as error:
            raise ZoomError(
                f"Zoom {what}: unexpected answer", status=response.status_code
            ) from error
        if not isinstance(body, dict):
            raise ZoomError(f"Zoom {what}: unexpected answer", status=response.status_code)
        return body

    # -- meetings -------------------------------------------------------------------------

    def create_meeting(
        self,
        user_id: str,
        topic: str,
        start: datetime,
        duration: int,
        *,
        meeting_settings: dict | None = None,
    ) -> dict:
        """A scheduled meeting hosted by ``user_id``; Zoom's meeting object (id, uuid, URLs)."""
        body = {
            "topic": topic[:200],
            "type": 2,  # scheduled
            "start_time": start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "duration": max(1, int(duration)),
            "timezone": "UTC",
            "settings": meeting_settings or {},
        }
        path = f"/users/{requests.utils.quote(user_id, safe='@.')}/meetings"
        return self._json(self._call("POST", path, "create meeting", json=body), "create meeting")

    def get_meeting(self, meeting_id: str) -> dict:
        """The meeting as Zoom has it now, with a freshly signed start_url."""
        path = f"/meetings/{requests.utils.quote(str(meeting_id), safe='')}"
        return self._json(self._call("GET", path, "get meeting"), "get meeting")

    def end_meeting(self, meeting_id: str) -> None:
        path = f"/meetings/{requests.utils.quote(str(meeting_id), safe='')}/status"
        self._call("PUT", path, "end meeting", json={"action": "end"})

    def delete_meeting(self, meeting_id: str) -> None:
        """Delete a meeting that has not started, telling nobody (no cancellation e-mails)."""
        path = f"/meetings/{requests.utils.quote(str(meeting_id), safe='')}"
        params = {"schedule_for_reminder": "false", "cancel_meeting_reminder": "false"}
        self._call("DELETE", path, "delete meeting", params=params)

    def list_meetings(self, user_id: str, kind: str) -> list[dict]:
        """The user's meetings of one listing ``kind`` ("live", "scheduled", "upcoming"), all
        pages: Zoom's meeting summaries (id, uuid, topic, type, start_time, created_at …)."""
        path = f"/users/{requests.utils.quote(user_id, safe='@.')}/meetings"
        meetings: list[dict] = []
        token = ""
        for _page in range(MAX_PAGES):
            params = {"type": kind, "page_size": PAGE_SIZE}
            if token:
                params["next_page_token"] = token
            body = self._json(self._call("GET", path, "list meetings", params=params), "list")
            page = body.get("meetings") or []
            if not isinstance(page, list):
                raise ZoomError("Zoom list meetings: unexpected answer", status=200)
            meetings.extend(m for m in page if isinstance(m, dict) and m.get("id"))
            token = str(body.get("next_page_token") or "")
            if not token:
                break
        return meetings

    # -- recordings -----------------------------------------------------------------------

    def download(
        self, url: str, out: IO[bytes], *, download_token: str = "", max_bytes: int | None = None
    ) -> int:
        """Stream a recording file into ``out``; its size in bytes.

        Authorised by the webhook's download_token (24 hours), else by this app's own token
        (needs the recording:read:admin scope).
        """
        return download(url, out, token=download_token or self.access_token(), max_bytes=max_bytes)


def download(url: str, out: IO[bytes], *, token: str, max_bytes: int | None = None) -> int:
    """GET a file with a bearer token, streamed in chunks; ZoomError on any failure."""
    try:
        with requests.get(
            url,
            headers={"Authorization": f"Bearer {token}"},
            stream=True,
            timeout=(5, DOWNLOAD_TIMEOUT),
        ) as response:
            if response.status_code >= 400:
                raise error_from(response, "recording download")
            size = 0
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise ZoomError(f"Zoom recording download: larger than {max_bytes} bytes")
                out.write(chunk)
    except requests.RequestException as error:
        raise _network_error(error, "recording download") from error
    return size
