"""Social sign-in keeps the role chosen first, through a real OAuth round trip.

Yandex's token and profile endpoints are a local HTTP server; allauth's provider code runs
unchanged against it.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.yandex.views import YandexOAuth2Adapter
from django.urls import reverse

from accounts.models import User
from tests.stub_server import StubServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def yandex(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "yandex": {"APPS": [{"client_id": "test-id", "secret": "test-secret", "key": ""}]},
    }


@pytest.fixture
def yandex_server(monkeypatch, yandex):
    routes = {
        ("POST", "/token"): lambda r: (200, {"access_token": "tok-1", "token_type": "bearer"}),
        ("GET", "/info"): lambda r: (
            200,
            {
                "id": "9001",
                "login": "yuri",
                "default_email": "Yuri@Yandex.ru",
                "first_name": "Юрий",
                "last_name": "Гагарин",
            },
        ),
    }
    with StubServer(routes) as server:
        monkeypatch.setattr(YandexOAuth2Adapter, "access_token_url", f"{server.url}/token")
        monkeypatch.setattr(YandexOAuth2Adapter, "profile_url", f"{server.url}/info")
        yield server


def start(client, role):
    response = client.post(
        reverse("accounts:social-start", args=[role, "yandex"]), {"process": "login"}
    )
    assert response.status_code == 302
    assert response.url.startswith("https://oauth.yandex.com/authorize")
    return parse_qs(urlsplit(response.url).query)["state"][0]


@pytest.mark.parametrize("role", ["teacher", "student"])
def test_role_chosen_first_survives_the_provider_round_trip(client, yandex_server, role):
    state = start(client, role)

    response = client.get(
        reverse("yandex_callback"), {"code": "auth-code", "state": state}, follow=True
    )

    assert response.status_code == 200
    user = User.objects.get(email="yuri@yandex.ru")
    assert user.role == role
    assert user.first_name == "Юрий"
    assert SocialAccount.objects.get(user=user).uid == "9001"
    assert hasattr(user, f"{role}_profile")
    assert client.session["_auth_user_id"] == str(user.pk)
    token_call = next(r for r in yandex_server.requests if r["path"] == "/token")
    assert token_call["form"]["code"] == ["auth-code"]


def test_existing_account_keeps_its_role_when_signing_in_with_yandex(client, yandex_server):
    existing = User.objects.create_user("yuri@yandex.ru", "a-Strong-passw0rd", role="student")
    EmailAddress.objects.create(user=existing, email=existing.email, verified=True, primary=True)
    state = start(client, "teacher")

    client.get(reverse("yandex_callback"), {"code": "c", "state": state})

    existing.refresh_from_db()
    assert existing.role == User.Role.STUDENT
    assert User.objects.count() == 1
    assert client.session["_auth_user_id"] == str(existing.pk)


def test_unconfigured_provider_is_404(client):
    response = client.post(reverse("accounts:social-start", args=["teacher", "google"]))
    assert response.status_code == 404
    assert "accounts.signup_role" not in client.session


def test_enter_page_lists_configured_providers_only(client, yandex):
    html = client.get(reverse("accounts:enter", args=["student"])).content.decode()
    assert reverse("accounts:social-start", args=["student", "yandex"]) in html
    assert reverse("accounts:social-start", args=["student", "google"]) not in html
