"""The desk's reminders and the cabinet menu's notices, kept for the person (core.personal):
the e-mail reminder, the open invitations and the unread notices cost no query on a repeat
visit, and each change of them shows on the next one."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from accounts.services import mark_notifications_read, notify, read_notification
from learning.schedule.services import decline_invitation, invitations_for, invite

from ..factories import StudentFactory, TeacherFactory
from ..kept import kept_lifetimes
from ..schedule.factories import GroupFactory

pytestmark = pytest.mark.django_db

REMINDER = "Please confirm your e-mail address"
NOTICES = 'data-testid="unread-count"'


def desk(client) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/en/cabinet/").content.decode()
    return html, [query["sql"] for query in queries.captured_queries]


def notices_shown(html: str) -> str:
    if NOTICES not in html:
        return "0"
    return html.split(NOTICES)[1].split("</span>")[1].split("<")[0].strip()


def test_the_email_reminder_follows_the_addresses(client):
    learner = StudentFactory()  # no confirmed address
    client.force_login(learner)
    assert REMINDER in desk(client)[0]
    html, queries = desk(client)
    assert REMINDER in html
    assert not any("account_emailaddress" in sql for sql in queries)  # kept
    address = EmailAddress.objects.create(user=learner, email=learner.email, primary=True)
    assert REMINDER in desk(client)[0]
    address.verified = True
    address.save()  # allauth confirms by saving
    assert REMINDER not in desk(client)[0]
    address.delete()
    assert REMINDER in desk(client)[0]


def test_open_invitations_follow_invites_answers_and_the_clock(client):
    teacher = TeacherFactory(verified=True)
    learner = StudentFactory(verified=True)
    first, second = GroupFactory(teacher=teacher), GroupFactory(teacher=teacher)
    client.force_login(learner)
    assert 'data-testid="desk-invitations"' not in desk(client)[0]
    invitation = invite(teacher, first, learner.email)
    assert "You are invited to a group." in desk(client)[0]
    invite(teacher, second, learner.email)
    assert "You are invited to 2 groups." in desk(client)[0]
    html, queries = desk(client)
    assert "You are invited to 2 groups." in html
    assert not any("schedule_invitation" in sql for sql in queries)  # kept
    decline_invitation(learner, invitation)
    assert "You are invited to a group." in desk(client)[0]
    # Kept no longer than the nearest open invitation lasts (the cache drops it then).
    last = invitations_for(learner).get()
    last.expires_at = timezone.now() + dt.timedelta(minutes=10)
    last.save()
    with kept_lifetimes("open-invitations") as lifetimes:
        assert "You are invited to a group." in desk(client)[0]
    assert len(lifetimes) == 1 and 590 <= lifetimes[0] <= 600
    last.delete()
    assert 'data-testid="desk-invitations"' not in desk(client)[0]


def test_unread_notices_follow_notices_made_read_and_removed(client):
    learner = StudentFactory(verified=True)
    client.force_login(learner)
    assert notices_shown(desk(client)[0]) == "0"
    notify(learner, "lessons", "Урок через час", email=False)
    notify(learner, "lessons", "Урок завтра", email=False)
    assert notices_shown(desk(client)[0]) == "2"
    html, queries = desk(client)
    assert notices_shown(html) == "2"
    assert not any("accounts_notification" in sql for sql in queries)  # kept
    first = Notification.objects.filter(user=learner).first()
    read_notification(learner, first.pk)  # one read
    assert notices_shown(desk(client)[0]) == "1"
    notify(learner, "lessons", "Урок через неделю", email=False)
    assert notices_shown(desk(client)[0]) == "2"
    mark_notifications_read(learner)  # all read, with one update()
    assert notices_shown(desk(client)[0]) == "0"
    notify(learner, "lessons", "Ещё урок", email=False)
    assert notices_shown(desk(client)[0]) == "1"
    Notification.objects.get(user=learner, read_at__isnull=True).delete()
    assert notices_shown(desk(client)[0]) == "0"


def test_a_repeat_visit_of_the_desk_asks_only_for_the_person(client):
    learner = StudentFactory(verified=True)
    client.force_login(learner)
    desk(client)
    # Session and user: the reminders, notices and invitations are kept with the rest.
    assert len(desk(client)[1]) == 2
