"""In-app notifications in the cabinet, with an e-mail copy that follows the person's settings."""

import re

import pytest
from django.urls import reverse

from accounts import services
from accounts.models import Notification
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_notify_stores_a_notice_and_mails_a_copy(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notify(student, "homework", "Graded", body="85%", url="/ru/x/")
    assert notice is not None and notice.user == student and notice.read_at is None
    assert [m.subject for m in mailoutbox] == ["Graded"]
    assert mailoutbox[0].to == [student.email]
    assert "85%" in mailoutbox[0].body and "/ru/x/" in mailoutbox[0].body


def test_notify_respects_the_email_settings(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    services.update_settings(student, {"email_homework": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(student, "homework", "Graded")
    assert mailoutbox == []
    assert Notification.objects.filter(user=student).count() == 1


def test_the_same_key_notifies_once(student, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.notify(student, "lessons", "Soon", key="lesson:1")
        second = services.notify(student, "lessons", "Soon", key="lesson:1")
    assert first is not None and second is None
    assert Notification.objects.filter(user=student).count() == 1
    assert len(mailoutbox) == 1


def test_unknown_kind_is_refused(student):
    with pytest.raises(ValueError):
        services.notify(student, "gossip", "?")


def test_cabinet_lists_own_notices_in_fixed_queries(client, student, django_assert_max_num_queries):
    other = StudentFactory()
    services.notify(other, "courses", "Not yours", email=False)
    for n in range(30):
        services.notify(student, "courses", f"Notice {n}", email=False)
    client.force_login(student)
    with django_assert_max_num_queries(21):  # the page frame is ~17; 20 rows shown
        response = client.get(reverse("cabinet:notifications"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Notice 29" in body and "Not yours" not in body
    assert "Notice 0" not in body  # the second page
    assert (
        client.get(reverse("cabinet:notifications") + "?page=2").content.decode().count("Notice 0")
    )


def test_empty_state(client, student):
    client.force_login(student)
    response = client.get(reverse("cabinet:notifications"))
    assert "notification-list" not in response.content.decode()
    assert response.context["unread"] == 0


def test_mark_all_read(client, student):
    services.notify(student, "courses", "One", email=False)
    services.notify(student, "courses", "Two", email=False)
    client.force_login(student)
    response = client.post(reverse("cabinet:notifications"))
    assert response.status_code == 302
    assert services.unread_notifications(student) == 0


def test_opening_a_notice_marks_it_read_and_follows_it(client, student):
    notice = services.notify(student, "courses", "One", url="/ru/cabinet/", email=False)
    client.force_login(student)
    response = client.post(reverse("cabinet:notification-open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/ru/cabinet/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_a_notice_never_sends_people_off_site(client, student):
    notice = services.notify(student, "courses", "Phish", url="https://evil.example/", email=False)
    client.force_login(student)
    response = client.post(reverse("cabinet:notification-open", args=[notice.pk]))
    assert response.url == reverse("cabinet:notifications")


def test_other_peoples_notices_are_not_found(client, student):
    notice = services.notify(StudentFactory(), "courses", "Theirs", email=False)
    client.force_login(student)
    response = client.post(reverse("cabinet:notification-open", args=[notice.pk]))
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_anonymous_people_sign_in_first(client):
    response = client.get(reverse("cabinet:notifications"))
    assert response.status_code == 302 and "login" in response.url


def test_the_cabinet_menu_counts_unread_notices(client, student):
    client.force_login(student)
    assert (
        'data-testid="unread-count"' not in client.get(reverse("cabinet:profile")).content.decode()
    )
    services.notify(student, "courses", "One", email=False)
    services.notify(student, "courses", "Two", email=False)
    html = client.get(reverse("cabinet:profile")).content.decode()
    assert re.search(r'data-testid="unread-count">.*?2</span>', html)
    services.mark_notifications_read(student)
    assert (
        'data-testid="unread-count"' not in client.get(reverse("cabinet:profile")).content.decode()
    )


def test_the_settings_page_offers_one_switch_per_kind_of_notice(client, student):
    """Every switch has notices behind it (each kind's tests: enrollment, payments,
    certificates, homework, schedule, comments); "Ustat news" had none and is gone."""
    from accounts.models import ProfileSettings

    switches = {f for f in ProfileSettings.EDITABLE_FIELDS if f.startswith("email_")}
    assert switches == {f"email_{kind}" for kind in ProfileSettings.Kind.values}
    assert ProfileSettings.Kind.values == [
        "courses",
        "payments",
        "homework",
        "lessons",
        "messages",
        "reviews",
    ]
    client.force_login(student)
    html = client.get(reverse("cabinet:settings")).content.decode()
    assert sorted(re.findall(r'name="(email_\w+)"', html)) == sorted(switches)
    assert "email_news" not in html


def test_a_switched_off_kind_still_leaves_the_in_app_notice(
    student, mailoutbox, django_capture_on_commit_callbacks
):
    for kind in ("courses", "payments", "lessons", "messages"):
        services.update_settings(student, {f"email_{kind}": False})
        with django_capture_on_commit_callbacks(execute=True):
            services.notify(student, kind, f"About {kind}")
    assert mailoutbox == []
    assert Notification.objects.filter(user=student).count() == 4
