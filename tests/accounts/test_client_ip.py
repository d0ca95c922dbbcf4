"""Every throttle and lockout counts the real client: X-Forwarded-For only from our proxies."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse
from rest_framework.throttling import ScopedRateThrottle

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"
PROXY = "10.0.0.1"


def token(api_client, email, password, forwarded=None, remote="192.0.2.10"):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return api_client.post(TOKEN, {"email": email, "password": password}, **headers)


@pytest.fixture
def three_per_minute(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})


class TestNoTrustedProxy:
    """The default: the header is the sender's own words and is ignored."""

    def test_a_new_forwarded_address_per_request_does_not_escape_the_api_throttle(
        self, api_client, three_per_minute
    ):
        codes = [
            token(api_client, f"x{i}@example.com", "p", forwarded=f"198.51.100.{i}").status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]

    def test_a_new_forwarded_address_per_request_does_not_escape_the_lockout(
        self, api_client, student, password
    ):
        for i in range(settings.AXES_FAILURE_LIMIT):
            token(api_client, student.email, "wrong", forwarded=f"198.51.100.{i}")

        response = token(api_client, student.email, password, forwarded="198.51.100.200")

        assert response.status_code == 429
        assert response.json()["code"] == "locked_out"
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.10"}

    def test_junk_in_the_header_is_ignored(self, api_client, student, password):
        response = token(api_client, student.email, password, forwarded="<script>, ::::")
        assert response.status_code == 200


class TestOneTrustedProxy:
    """Behind one proxy the client is the right-most forwarded entry (the one the proxy
    wrote), i.e. the right-most but one of the whole chain ending at REMOTE_ADDR."""

    @pytest.fixture(autouse=True)
    def _one_proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1

    def test_the_throttle_counts_the_address_the_proxy_saw(self, api_client, three_per_minute):
        # The client forges a new left part every time; the proxy appends its real address.
        codes = [
            token(
                api_client,
                f"x{i}@example.com",
                "p",
                forwarded=f"198.51.100.{i}, 203.0.113.7",
                remote=PROXY,
            ).status_code
            for i in range(4)
        ]
        assert codes == [401, 401, 401, 429]

        # Another client behind the same proxy has its own allowance.
        other = token(api_client, "y@example.com", "p", forwarded="203.0.113.8", remote=PROXY)
        assert other.status_code == 401

    def test_the_lockout_counts_the_address_the_proxy_saw(self, api_client, student, password):
        for i in range(settings.AXES_FAILURE_LIMIT):
            token(
                api_client,
                student.email,
                "wrong",
                forwarded=f"198.51.100.{i}, 203.0.113.7",
                remote=PROXY,
            )

        locked = token(api_client, student.email, password, forwarded="203.0.113.7", remote=PROXY)
        assert locked.status_code == 429
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}

        # The same person from another address (behind the same proxy) is not locked out.
        elsewhere = token(
            api_client, student.email, password, forwarded="203.0.113.8", remote=PROXY
        )
        assert elsewhere.status_code == 200

    def test_allauth_rate_limits_count_the_address_the_proxy_saw(self, client, settings):
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/ip"}
        url = reverse("account_reset_password")

        def reset(forwarded, n):
            return client.post(
                url,
                {"email": f"person{n}@example.com"},
                REMOTE_ADDR=PROXY,
                HTTP_X_FORWARDED_FOR=forwarded,
            ).status_code

        assert [reset(f"198.51.100.{n}, 203.0.113.7", n) for n in range(3)] == [302, 302, 429]
        assert reset("203.0.113.8", 9) == 302
