"""The real Zoom client against a local server standing in for zoom.us and api.zoom.us."""

import base64
import hashlib
import hmac
import io
import json
import socket
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from learning.zoompool.zoom_client import (
    ZoomClient,
    ZoomError,
    signature_matches,
    url_validation_token,
    webhook_signature,
)

from .fake_zoom import MP4_HEADER

START = datetime(2026, 3, 2, 12, 30, tzinfo=UTC)


@pytest.fixture
def api(zoom):
    zoom.add_app("cid", "csecret", "acct")
    return ZoomClient("acct", "cid", "csecret")


def test_token_is_fetched_with_basic_auth_and_cached(zoom, api):
    api.create_meeting("me", "Урок", START, 45)
    api.create_meeting("me", "Урок 2", START, 45)
    api.get_meeting(next(iter(zoom.meetings)))

    [token_call] = zoom.calls("token")
    assert token_call["query"] == {"grant_type": "account_credentials", "account_id": "acct"}
    assert (
        token_call["headers"]["authorization"]
        == "Basic " + base64.b64encode(b"cid:csecret").decode()
    )
    assert len(zoom.calls("create")) == 2 and len(zoom.calls("get")) == 1


def test_tokens_are_cached_per_app(zoom, api):
    zoom.add_app("other", "other-secret", "acct2")
    api.create_meeting("me", "A", START, 30)
    ZoomClient("acct2", "other", "other-secret").create_meeting("me", "B", START, 30)
    assert len(zoom.calls("token")) == 2
    first, second = (c["headers"]["authorization"] for c in zoom.calls("create"))
    assert first != second


def test_a_revoked_token_is_fetched_again_once(zoom, api):
    api.create_meeting("me", "A", START, 30)
    zoom.revoke_tokens()
    meeting = api.create_meeting("me", "B", START, 30)
    assert meeting["topic"] == "B"
    assert len(zoom.calls("token")) == 2
    assert [c["route"] for c in zoom.requests[-3:]] == ["create", "token", "create"]


def test_create_meeting_sends_what_zoom_expects(zoom, api):
    moscow = START.astimezone(ZoneInfo("Europe/Moscow"))
    meeting = api.create_meeting(
        "teacher@school.example", "Физика " * 50, moscow, 90, meeting_settings={"a": 1}
    )
    [call] = zoom.calls("create")
    assert call["path"] == "/v2/users/teacher@school.example/meetings"
    body = json.loads(call["body"])
    assert body["type"] == 2 and body["duration"] == 90 and body["timezone"] == "UTC"
    assert body["start_time"] == START.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(body["topic"]) == 200 and body["settings"] == {"a": 1}
    assert meeting["start_url"].startswith("https://zoom.us/s/") and meeting["join_url"]


def test_get_meeting_gives_a_fresh_start_url(zoom, api):
    created = api.create_meeting("me", "A", START, 30)
    again = api.get_meeting(str(created["id"]))
    assert again["id"] == created["id"] and again["start_url"] != created["start_url"]


def test_end_meeting_puts_the_end_action(zoom, api):
    created = api.create_meeting("me", "A", START, 30)
    api.end_meeting(str(created["id"]))
    [call] = zoom.calls("end")
    assert call["path"] == f"/v2/meetings/{created['id']}/status"
    assert json.loads(call["body"]) == {"action": "end"}
    assert zoom.meetings[str(created["id"])]["status"] == "ended"


def test_rate_limit_is_a_transient_error_with_zooms_message(zoom, api):
    zoom.fail(
        "create",
        429,
        {"code": 429, "message": "You have reached the maximum per-second rate limit."},
        headers={"Retry-After": "7"},
    )
    with pytest.raises(ZoomError) as caught:
        api.create_meeting("me", "A", START, 30)
    error = caught.value
    assert error.status == 429 and error.transient and error.retry_after == 7
    assert "maximum per-second rate limit" in str(error)


def test_server_error_is_a_transient_error(zoom, api):
    zoom.fail("create", 500, {"code": 500, "message": "Internal Error"})
    with pytest.raises(ZoomError) as caught:
        api.create_meeting("me", "A", START, 30)
    assert caught.value.status == 500 and caught.value.transient
    assert "Internal Error" in str(caught.value)
    # The next call goes through: nothing is stuck.
    assert api.create_meeting("me", "A", START, 30)["id"]


def test_wrong_credentials_say_what_zoom_said(zoom):
    zoom.add_app("cid", "right", "acct")
    with pytest.raises(ZoomError) as caught:
        ZoomClient("acct", "cid", "wrong").create_meeting("me", "A", START, 30)
    assert caught.value.status == 400 and not caught.value.transient
    assert "Invalid client_id or client_secret" in str(caught.value)
    assert zoom.calls("create") == []


def test_unknown_meeting_is_a_permanent_error(zoom, api):
    with pytest.raises(ZoomError) as caught:
        api.get_meeting("123")
    assert caught.value.status == 404 and not caught.value.transient
    assert "Meeting does not exist" in str(caught.value)


def test_unreachable_zoom(settings):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ZOOM_OAUTH_URL = f"http://127.0.0.1:{port}/oauth/token"
    with pytest.raises(ZoomError) as caught:
        ZoomClient("a", "b", "c").access_token()
    assert "unreachable" in str(caught.value) and caught.value.transient


def test_slow_zoom_times_out(zoom, api, settings):
    settings.ZOOM_TIMEOUT_SECONDS = 0.2
    zoom.delay = 0.6
    with pytest.raises(ZoomError) as caught:
        api.access_token()
    assert "timed out" in str(caught.value) and caught.value.transient


def test_endpoint_override_sends_calls_elsewhere(zoom, settings):
    settings.ZOOM_OAUTH_URL = "http://127.0.0.1:9/oauth/token"  # would fail
    zoom.add_app("cid", "csecret", "acct")
    ZoomClient("acct", "cid", "csecret", endpoint=zoom.url).create_meeting("me", "A", START, 30)
    assert len(zoom.calls("token")) == 1 and len(zoom.calls("create")) == 1


def test_download_streams_the_file_with_the_download_token(zoom, api):
    content = MP4_HEADER + b"x" * 3_000_000
    url = zoom.add_file(content, download_token="dl-token")
    out = io.BytesIO()
    assert api.download(url, out, download_token="dl-token") == len(content)
    assert out.getvalue() == content
    assert zoom.calls("download")[0]["headers"]["authorization"] == "Bearer dl-token"
    with pytest.raises(ZoomError) as caught:
        api.download(url, io.BytesIO(), download_token="expired")
    assert caught.value.status == 401


def test_download_refuses_files_over_the_limit(zoom, api):
    url = zoom.add_file(b"y" * 5000, download_token="t")
    with pytest.raises(ZoomError, match="larger than"):
        api.download(url, io.BytesIO(), download_token="t", max_bytes=1000)


def test_webhook_signature_scheme():
    body = b'{"event":"meeting.ended"}'
    signature = webhook_signature("secret", "1700000000", body)
    # Zoom's documented scheme, computed independently here.
    expected = hmac.new(b"secret", b"v0:1700000000:" + body, hashlib.sha256).hexdigest()
    assert signature == "v0=" + expected
    assert signature_matches("secret", "1700000000", body, signature)
    assert not signature_matches("other", "1700000000", body, signature)
    assert not signature_matches("secret", "1700000001", body, signature)
    assert not signature_matches("", "1700000000", body, signature)
    assert (
        url_validation_token("secret", "abc") == hmac.new(b"secret", b"abc", "sha256").hexdigest()
    )
