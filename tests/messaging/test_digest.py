"""One e-mail for people who left messages unread and have no socket open."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification
from accounts.services import update_settings
from messaging import presence, services
from messaging.models import Message
from messaging.tasks import send_message_digests

pytestmark = pytest.mark.django_db


def age(minutes: int) -> None:
    Message.objects.update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_one_digest_for_many_messages_and_never_twice(
    direct, learner, course_teacher, settings, django_capture_on_commit_callbacks
):
    settings.MESSAGING_DIGEST_AFTER_MINUTES = 15
    for text in ("раз", "два", "три"):
        services.send_message(learner, direct, text)
    age(5)
    assert services.send_digests() == 0  # not waiting long enough yet
    age(20)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_message_digests.delay().get() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [course_teacher.email]
    assert "3" in mail.outbox[0].subject
    # The author is not told of their own messages; a second run sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0
    assert len(mail.outbox) == 1
    # A new message after the digest makes the next one.
    services.send_message(learner, direct, "четыре")
    age(20)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 1
    assert len(mail.outbox) == 2


def test_no_digest_for_what_was_read_or_for_people_present(
    direct, learner, course_teacher, settings, django_capture_on_commit_callbacks
):
    services.send_message(learner, direct, "вопрос")
    age(30)
    presence.connected(course_teacher.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0
    presence.disconnected(course_teacher.pk)
    services.mark_read(course_teacher, direct)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0
    assert mail.outbox == []


def test_the_messages_switch_turns_the_mail_off(
    direct, learner, course_teacher, django_capture_on_commit_callbacks
):
    update_settings(course_teacher, {"email_messages": False})
    services.send_message(learner, direct, "вопрос")
    age(30)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_digests()
        services.send_digests()
    assert mail.outbox == []
    assert not Notification.objects.filter(user=course_teacher).exists()


def test_a_muted_conversation_sends_no_digest(
    api_client, direct, learner, course_teacher, django_capture_on_commit_callbacks
):
    api_client.force_authenticate(course_teacher)
    muted = api_client.patch(f"/api/conversations/{direct.pk}/", {"muted": True}, format="json")
    assert muted.status_code == 200
    assert muted.json()["muted"] is True
    services.send_message(learner, direct, "вопрос")
    age(30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_digests() == 0
    assert mail.outbox == []
