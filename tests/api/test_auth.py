"""The API's auth round trip: register, token, refresh, profile, logout, session sign-in."""

import pytest
from django.conf import settings
from django.core import mail
from drf_spectacular.generators import SchemaGenerator
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import User

pytestmark = pytest.mark.django_db

REGISTER = "/api/auth/register/"
TOKEN = "/api/auth/token/"
REFRESH = "/api/auth/token/refresh/"
LOGIN = "/api/auth/login/"
LOGOUT = "/api/auth/logout/"
PROFILE = "/api/users/profile/"


def register(api_client, **data):
    payload = {"email": "olga@example.com", "password": "a-Strong-passw0rd", "role": "teacher"}
    return api_client.post(REGISTER, {**payload, **data}, format="json")


class TestRegister:
    def test_creates_the_user_with_role_and_sends_the_confirmation(
        self, api_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = register(api_client, first_name="Ольга")

        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["email"] == "olga@example.com"
        assert body["role"] == "teacher"
        assert "password" not in body
        user = User.objects.get(email="olga@example.com")
        assert str(user.public_id) == body["id"]
        assert user.teacher_profile
        assert len(mail.outbox) == 1

    def test_weak_password_names_the_field(self, api_client):
        response = register(api_client, password="password")
        assert response.status_code == 400
        assert set(response.json()) == {"password"}
        assert not User.objects.exists()

    def test_taken_email_names_the_field_whatever_the_case(self, api_client):
        register(api_client)
        response = register(api_client, email="OLGA@example.com")
        assert response.status_code == 400
        assert set(response.json()) == {"email"}
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        ("data", "field"),
        [
            ({"role": "admin"}, "role"),
            ({"email": "not-an-email"}, "email"),
            ({"role": None}, "role"),
        ],
    )
    def test_bad_input_names_the_field(self, api_client, data, field):
        response = register(api_client, **data)
        assert response.status_code == 400
        assert field in response.json()


class TestTokens:
    def test_round_trip(self, api_client, student, password):
        response = api_client.post(TOKEN, {"email": student.email, "password": password})
        assert response.status_code == 200
        tokens = response.json()
        assert {"access", "refresh"} <= set(tokens)

        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        profile = api_client.get(PROFILE)
        assert profile.status_code == 200
        assert profile.json()["email"] == student.email

        refreshed = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
        assert refreshed.status_code == 200
        assert "access" in refreshed.json()

    @pytest.mark.parametrize("address", [REFRESH, "/api/auth/refresh/"])
    def test_refresh_answers_at_both_addresses_the_documented_one_too(
        self, api_client, student, password, address
    ):
        tokens = api_client.post(TOKEN, {"email": student.email, "password": password}).json()
        refreshed = api_client.post(address, {"refresh": tokens["refresh"]})
        assert refreshed.status_code == 200 and "access" in refreshed.json()
        assert api_client.post(address, {"refresh": "garbage"}).status_code == 401
        schema = SchemaGenerator(urlconf="portal.urls").get_schema(request=None, public=True)
        assert "post" in schema["paths"][address]

    def test_email_is_case_insensitive(self, api_client, student, password):
        response = api_client.post(TOKEN, {"email": student.email.upper(), "password": password})
        assert response.status_code == 200

    def test_wrong_password_is_401(self, api_client, student):
        response = api_client.post(TOKEN, {"email": student.email, "password": "nope"})
        assert response.status_code == 401

    def test_logout_blacklists_the_refresh_token(self, api_client, student, password):
        tokens = api_client.post(TOKEN, {"email": student.email, "password": password}).json()
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

        assert api_client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 204

        again = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
        assert again.status_code == 401

    def test_logout_with_a_garbage_token_names_the_field(self, api_client):
        response = api_client.post(LOGOUT, {"refresh": "garbage"})
        assert response.status_code == 400
        assert "refresh" in response.json()

    def test_repeated_failures_lock_the_token_endpoint(self, api_client, student, password):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            api_client.post(TOKEN, {"email": student.email, "password": "wrong"})

        response = api_client.post(TOKEN, {"email": student.email, "password": password})

        assert response.status_code == 429
        assert response.json()["code"] == "locked_out"
        assert "access" not in response.json()

    def test_auth_endpoints_are_throttled(self, api_client, monkeypatch):
        monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min"})
        codes = [
            api_client.post(TOKEN, {"email": f"x{i}@example.com", "password": "p"}).status_code
            for i in range(4)
        ]
        assert codes[:3] == [401, 401, 401]
        assert codes[3] == 429


class TestSessionLogin:
    def test_needs_the_csrf_token(self, student, password):
        from rest_framework.test import APIClient

        client = APIClient(enforce_csrf_checks=True)
        refused = client.post(LOGIN, {"email": student.email, "password": password}, format="json")
        assert refused.status_code == 403

        client.get(LOGIN)  # sets the CSRF cookie
        token = client.cookies["csrftoken"].value
        response = client.post(
            LOGIN,
            {"email": student.email, "password": password},
            format="json",
            HTTP_X_CSRFTOKEN=token,
        )
        assert response.status_code == 200
        assert client.get(PROFILE).json()["email"] == student.email

    def test_wrong_password_is_400(self, api_client, student):
        response = api_client.post(LOGIN, {"email": student.email, "password": "nope"})
        assert response.status_code == 400
        assert "non_field_errors" in response.json()

    def test_logout_ends_the_session(self, api_client, student, password):
        api_client.post(LOGIN, {"email": student.email, "password": password})
        assert api_client.get(PROFILE).status_code == 200
        assert api_client.post(LOGOUT).status_code == 204
        assert api_client.get(PROFILE).status_code in (401, 403)


class TestPasswordReset:
    def test_sends_a_link_to_a_known_address(
        self, api_client, student, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post("/api/auth/password/reset/", {"email": student.email})
        assert response.status_code == 200
        assert len(mail.outbox) == 1
        assert "/accounts/password/reset/key/" in mail.outbox[0].body

    def test_unknown_address_gets_the_same_answer_and_no_link(
        self, api_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post("/api/auth/password/reset/", {"email": "nobody@example.com"})
        assert response.status_code == 200
        assert all("/password/reset/key/" not in m.body for m in mail.outbox)

    def test_bad_email_names_the_field(self, api_client):
        response = api_client.post("/api/auth/password/reset/", {"email": "nope"})
        assert response.status_code == 400
        assert "email" in response.json()
