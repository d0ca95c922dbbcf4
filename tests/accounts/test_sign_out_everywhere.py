"""A new password or "sign out everywhere" ends every session and API token of the person."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/auth/token/"
REFRESH = "/api/auth/token/refresh/"
PROFILE = "/api/users/profile/"
EVERYWHERE = "/api/auth/logout/everywhere/"
CHANGE = "/api/auth/password/change/"
NEW_PASSWORD = "an-Other-passw0rd-2026"


def sign_in_by_api(email, password) -> dict:
    response = APIClient().post(TOKEN, {"email": email, "password": password})
    assert response.status_code == 200, response.content
    return response.json()


def refresh_status(tokens) -> int:
    return APIClient().post(REFRESH, {"refresh": tokens["refresh"]}).status_code


def access_status(tokens) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    return client.get(PROFILE).status_code


def signed_in_browser(user) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get(reverse("cabinet:home")).status_code == 200
    return browser


def assert_signed_out(browser):
    response = browser.get(reverse("cabinet:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def assert_ended(tokens):
    assert refresh_status(tokens) == 401
    assert access_status(tokens) == 401


class TestTokensStillWorkUntilThen:
    def test_refresh_and_access_work_and_rotation_keeps_them_working(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        assert access_status(tokens) == 200
        rotated = APIClient().post(REFRESH, {"refresh": tokens["refresh"]}).json()
        assert access_status(rotated) == 200
        assert refresh_status(rotated) == 200


class TestPasswordChange:
    def test_on_the_site_ends_tokens_and_other_sessions_but_not_this_one(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        other = signed_in_browser(student)
        browser = signed_in_browser(student)

        response = browser.post(
            reverse("account_change_password"),
            {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        )

        assert response.status_code == 302
        assert_ended(tokens)
        assert_signed_out(other)
        assert browser.get(reverse("cabinet:home")).status_code == 200
        assert access_status(sign_in_by_api(student.email, NEW_PASSWORD)) == 200

    def test_through_the_api_ends_old_tokens_and_answers_new_ones(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        other_device = sign_in_by_api(student.email, password)
        browser = signed_in_browser(student)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

        response = client.post(
            CHANGE, {"old_password": password, "new_password": NEW_PASSWORD}, format="json"
        )

        assert response.status_code == 200, response.content
        assert_ended(tokens)
        assert_ended(other_device)
        assert_signed_out(browser)
        fresh = response.json()
        assert access_status(fresh) == 200
        assert refresh_status(fresh) == 200

    def test_through_the_api_needs_the_current_password(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

        wrong = client.post(CHANGE, {"old_password": "nope", "new_password": NEW_PASSWORD})
        weak = client.post(CHANGE, {"old_password": password, "new_password": "12345678"})

        assert wrong.status_code == 400
        assert set(wrong.json()) == {"old_password"}
        assert weak.status_code == 400
        assert set(weak.json()) == {"new_password"}
        assert access_status(tokens) == 200  # nothing changed

    def test_through_the_api_in_a_browser_session_keeps_that_session(self, student, password):
        client = APIClient()
        client.force_login(student)

        response = client.post(
            CHANGE, {"old_password": password, "new_password": NEW_PASSWORD}, format="json"
        )

        assert response.status_code == 200
        assert client.get(PROFILE).status_code == 200

    def test_by_an_admin_in_the_wagtail_admin_ends_the_persons_tokens(
        self, client, admin_user, student, password
    ):
        tokens = sign_in_by_api(student.email, password)
        client.force_login(admin_user)

        response = client.post(
            reverse("wagtailusers_users:edit", args=[student.pk]),
            {
                "email": student.email,
                "first_name": student.first_name or "Anna",
                "last_name": student.last_name or "Petrova",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
                "is_active": "on",
            },
        )

        assert response.status_code == 302, response.content
        assert_ended(tokens)


def test_resetting_the_password_by_the_e_mailed_link_ends_every_token_and_session(
    client, student, password, django_capture_on_commit_callbacks
):
    tokens = sign_in_by_api(student.email, password)
    browser = signed_in_browser(student)
    with django_capture_on_commit_callbacks(execute=True):
        APIClient().post("/api/auth/password/reset/", {"email": student.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)

    form_page = client.get(link.group(1), follow=True)
    done = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert done.status_code == 302
    assert_ended(tokens)
    assert_signed_out(browser)


class TestSignOutEverywhere:
    def test_the_settings_page_offers_it(self, client, student):
        client.force_login(student)
        html = client.get(reverse("cabinet:settings")).content.decode()
        assert reverse("cabinet:sign-out-everywhere") in html

    def test_on_the_site_ends_every_session_and_token(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        other = signed_in_browser(student)
        browser = signed_in_browser(student)

        response = browser.post(reverse("cabinet:sign-out-everywhere"))

        assert response.status_code == 302
        assert response.url == reverse("account_login")
        assert_signed_out(browser)
        assert_signed_out(other)
        assert_ended(tokens)
        # Signing in again works as before.
        again = sign_in_by_api(student.email, password)
        assert access_status(again) == 200
        assert refresh_status(again) == 200

    def test_it_needs_a_post(self, client, student):
        client.force_login(student)
        assert client.get(reverse("cabinet:sign-out-everywhere")).status_code == 405

    def test_through_the_api_ends_every_session_and_token(self, student, password):
        tokens = sign_in_by_api(student.email, password)
        other_device = sign_in_by_api(student.email, password)
        browser = signed_in_browser(student)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

        assert client.post(EVERYWHERE).status_code == 204

        assert_ended(tokens)
        assert_ended(other_device)
        assert_signed_out(browser)

    def test_through_the_api_needs_a_signed_in_person(self):
        assert APIClient().post(EVERYWHERE).status_code == 401

    def test_other_people_keep_their_sign_ins(self, student, password):
        someone = StudentFactory()
        theirs = sign_in_by_api(someone.email, password)
        mine = sign_in_by_api(student.email, password)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {mine['access']}")

        client.post(EVERYWHERE)

        assert refresh_status(theirs) == 200
        assert access_status(theirs) == 200


def test_refreshing_the_token_of_a_deleted_person_is_401(student, password):
    tokens = sign_in_by_api(student.email, password)
    student.delete()
    assert refresh_status(tokens) == 401


def test_tokens_made_before_they_carried_the_stamp_are_refused(student):
    legacy = RefreshToken.for_user(student)  # simplejwt's own token, without our claim
    assert_ended({"refresh": str(legacy), "access": str(legacy.access_token)})
