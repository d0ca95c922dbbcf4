"""Role-first sign-in: choose a role, then one e-mail + password screen."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

pytestmark = pytest.mark.django_db


def enter(client, role, email, password, **extra):
    return client.post(
        reverse("accounts:enter", args=[role]), {"email": email, "password": password, **extra}
    )


def test_start_page_offers_both_roles(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("accounts:enter", args=["student"]) in html
    assert reverse("accounts:enter", args=["teacher"]) in html


def test_allauth_signup_url_also_starts_with_the_role_choice(client):
    response = client.get(reverse("account_signup"))
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/start.html"


def test_unknown_role_is_404(client):
    assert client.get(reverse("accounts:enter", args=["pirate"])).status_code == 404


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_new_email_creates_account_with_the_chosen_role(
    client, role, django_capture_on_commit_callbacks
):
    # The confirmation e-mail is a Celery task enqueued once the account is committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = enter(client, role, "New.Person@Example.com", "a-Strong-passw0rd")

    assert response.status_code == 302
    assert response.url == reverse("cabinet:home")
    user = User.objects.get(email="new.person@example.com")
    assert user.role == role
    assert hasattr(user, "teacher_profile" if role == "teacher" else "student_profile")
    assert not hasattr(user, "student_profile" if role == "teacher" else "teacher_profile")
    assert hasattr(user, "profile_settings")
    # Signed in straight away, e-mail not yet confirmed, confirmation sent.
    assert client.session["_auth_user_id"] == str(user.pk)
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.person@example.com"]
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_existing_email_signs_in_and_keeps_its_role(client, teacher, password):
    response = enter(client, "student", teacher.email.upper(), password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(teacher.pk)
    teacher.refresh_from_db()
    assert teacher.role == User.Role.TEACHER
    assert User.objects.count() == 1


def test_wrong_password_for_existing_email_is_an_error_not_a_new_account(client, student):
    response = enter(client, "teacher", student.email, "not-the-password")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors
    assert User.objects.count() == 1
    assert User.objects.get().role == User.Role.STUDENT


def test_weak_password_for_new_account_names_the_password_field(client):
    response = enter(client, "student", "weak@example.com", "12345678")

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert not User.objects.filter(email="weak@example.com").exists()


def test_password_similar_to_email_is_refused(client):
    response = enter(client, "student", "marina.kuznetsova@example.com", "marinakuznetsova")
    assert "password" in response.context["form"].errors


def test_next_url_is_followed_after_sign_in(client, student, password):
    response = client.post(
        reverse("accounts:enter", args=["student"]) + "?next=/ru/cabinet/settings/",
        {"email": student.email, "password": password},
    )
    assert response.url == "/ru/cabinet/settings/"


def test_offsite_next_url_is_ignored(client, student, password):
    response = client.post(
        reverse("accounts:enter", args=["student"]) + "?next=https://evil.example/",
        {"email": student.email, "password": password},
    )
    assert "evil" not in response.url


def test_session_key_is_renewed_at_sign_in_and_ended_at_sign_out(client, student, password):
    client.get(reverse("accounts:enter", args=["student"]))
    client.session.save()
    before = client.session.session_key
    enter(client, "student", student.email, password)
    after = client.session.session_key
    assert before != after

    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("cabinet:home")).status_code == 302


def test_signed_in_visitor_is_sent_to_the_cabinet(client, student):
    client.force_login(student)
    assert client.get(reverse("account_login")).url == reverse("cabinet:home")


class TestLockout:
    def fail(self, client, email, times):
        for _ in range(times):
            enter(client, "student", email, "wrong-password")

    def test_repeated_failures_lock_the_sign_in_with_a_clear_message(
        self, client, student, password
    ):
        self.fail(client, student.email, settings.AXES_FAILURE_LIMIT)

        response = enter(client, "student", student.email, password)

        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        assert "15" in response.content.decode()  # the cool-off in minutes
        assert response["Retry-After"] == "900"

    def test_the_lock_ends_by_itself_after_the_cool_off(self, client, student, password):
        self.fail(client, student.email, settings.AXES_FAILURE_LIMIT)
        AccessAttempt.objects.update(
            attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
        )

        response = enter(client, "student", student.email, password)

        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(student.pk)

    def test_fewer_failures_than_the_limit_do_not_lock(self, client, student, password):
        self.fail(client, student.email, settings.AXES_FAILURE_LIMIT - 1)
        assert enter(client, "student", student.email, password).status_code == 302

    def test_wagtail_admin_login_goes_through_the_site_sign_in(self, client):
        response = client.get("/admin/login/?next=/admin/pages/")
        assert response.status_code == 302
        assert response.url == reverse("account_login") + "?next=/admin/pages/"

    def test_admin_redirects_anonymous_visitors_to_the_site_sign_in(self, client):
        response = client.get("/admin/", follow=True)
        assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
