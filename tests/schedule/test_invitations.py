"""Joining a group takes the learner's own "yes": invitations by e-mail and the group's join
code, through the real API and pages (e-mails through Django's outbox)."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import Notification
from learning.enrollment.models import Enrollment
from learning.schedule.models import Group, Invitation, Membership

from ..factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

SEPTEMBER = {"start": "2030-09-01T00:00:00+03:00", "end": "2030-10-01T00:00:00+03:00"}
ANSWER_FIELDS = {"id", "group", "email", "status", "is_expired", "created_at", "expires_at"}


@pytest.fixture
def invite(api_client, django_capture_on_commit_callbacks):
    """``invite(teacher, group, email)``: the teacher's POST, e-mails delivered on commit."""

    def send(teacher, group, email):
        api_client.force_authenticate(teacher)
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(
                f"/api/groups/{group.pk}/invitations/", {"email": email}, format="json"
            )
        api_client.force_authenticate(None)
        return response

    return send


def as_(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def accept(api_client, user, invitation_id, **data):
    return as_(api_client, user).post(
        f"/api/group-invitations/{invitation_id}/accept/", data, format="json"
    )


def revoke(api_client, user, invitation_id):
    return as_(api_client, user).post(f"/api/group-invitations/{invitation_id}/revoke/")


def events(api_client, user) -> list:
    return as_(api_client, user).get("/api/schedule/events/", SEPTEMBER).json()


# --- inviting -------------------------------------------------------------------------------------


def test_invite_adds_nobody_and_answers_alike_registered_or_not(invite, group, rule, api_client):
    known = StudentFactory(email="known@example.com", verified=True)
    registered = invite(group.teacher, group, "Known@Example.com")
    unregistered = invite(group.teacher, group, "stranger@example.com")

    assert registered.status_code == unregistered.status_code == 201
    one, other = registered.json(), unregistered.json()
    assert set(one) == set(other) and set(one) >= ANSWER_FIELDS
    same = {k: v for k, v in one.items() if k not in {"id", "email", "created_at", "expires_at"}}
    assert same == {k: v for k, v in other.items() if k in same}
    assert (one["email"], one["status"], other["status"]) == (
        "known@example.com",
        "pending",
        "pending",
    )
    # Nobody joined; the calendar of the invited person stays empty.
    assert not Membership.objects.filter(student=known).exists()
    assert events(api_client, known) == []
    # An e-mail went to each address: the registered person's opens the invitation, the other
    # asks to sign up first and then leads to it.
    by_address = {message.to[0]: message.body for message in mail.outbox}
    assert set(by_address) == {"known@example.com", "stranger@example.com"}
    tokens = dict(Invitation.objects.values_list("email", "token"))
    assert (
        f"/schedule/invitations/{tokens['known@example.com']}/" in by_address["known@example.com"]
    )
    assert "signup" in by_address["stranger@example.com"]
    assert tokens["stranger@example.com"] in by_address["stranger@example.com"]
    # The account holder also finds it in the cabinet's notifications.
    assert Notification.objects.filter(user=known).count() == 1


def test_the_page_says_the_same_for_registered_and_unregistered(client, group):
    StudentFactory(email="known@example.com")
    client.force_login(group.teacher)
    url = reverse("schedule:group-invite", args=[group.pk])
    said = []
    for address in ("known@example.com", "stranger@example.com"):
        response = client.post(url, {"email": address}, follow=True)
        assert response.status_code == 200
        said.append([str(m) for m in response.context["messages"]])
    assert said == [
        [gettext("Invitation sent to %(email)s.") % {"email": address}]
        for address in ("known@example.com", "stranger@example.com")
    ]
    assert not Membership.objects.filter(group=group).exists()
    page = client.get(reverse("schedule:group", args=[group.pk]))
    assert len(page.context["pending_invitations"]) == 2


def test_inviting_is_for_the_groups_teacher_with_a_confirmed_address(
    invite, group, member, other_teacher
):
    assert invite(other_teacher, group, "x@example.com").status_code == 404
    assert invite(member, group, "x@example.com").status_code == 403
    unconfirmed = TeacherFactory()
    own = Group.objects.create(teacher=unconfirmed, name="Своя")
    refused = invite(unconfirmed, own, "x@example.com")
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_verified"
    assert invite(group.teacher, group, group.teacher.email).status_code == 400
    assert invite(group.teacher, group, "not an address").status_code == 400
    assert not Invitation.objects.exists() and mail.outbox == []


def test_a_pending_invitation_is_not_sent_twice(invite, group):
    first = invite(group.teacher, group, "anna@example.com").json()
    again = invite(group.teacher, group, "ANNA@example.com").json()
    assert again["id"] == first["id"] and len(mail.outbox) == 1


def test_invitations_a_day_are_limited(invite, group, settings):
    settings.SCHEDULE_INVITATIONS_PER_DAY = 2
    for n in range(2):
        assert invite(group.teacher, group, f"p{n}@example.com").status_code == 201
    refused = invite(group.teacher, group, "p3@example.com")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 24 * 3600
    assert Invitation.objects.count() == 2


# --- answering ------------------------------------------------------------------------------------


def test_accepting_makes_a_member_and_fills_the_calendar(
    invite, group, group_course, rule, api_client
):
    Group.objects.filter(pk=group.pk).update(course=group_course)
    person = StudentFactory(verified=True)
    invitation_id = invite(group.teacher, group, person.email).json()["id"]
    assert [
        i["id"] for i in as_(api_client, person).get("/api/group-invitations/").json()["results"]
    ] == [invitation_id]

    accepted = accept(api_client, person, invitation_id)
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["id"] == group.pk
    assert Membership.objects.filter(group=group, student=person).exists()
    assert Enrollment.objects.get(user=person, course=group_course).source == "group"
    assert {e["title"] for e in events(api_client, person)} == {rule.title}
    assert Invitation.objects.get(pk=invitation_id).status == "accepted"
    # Accepting again (a second tab) changes nothing; the list of open ones is empty now.
    assert accept(api_client, person, invitation_id).status_code == 200
    assert Membership.objects.filter(group=group, student=person).count() == 1
    assert as_(api_client, person).get("/api/group-invitations/").json()["results"] == []


def test_declining_or_revoking_adds_nobody(invite, group, api_client, client):
    declines, revoked_for = StudentFactory(verified=True), StudentFactory(verified=True)
    declined_id = invite(group.teacher, group, declines.email).json()["id"]
    revoked_id = invite(group.teacher, group, revoked_for.email).json()["id"]

    answer = as_(api_client, declines).post(f"/api/group-invitations/{declined_id}/decline/")
    assert answer.status_code == 200 and answer.json()["status"] == "declined"
    # Only the teacher revokes, and only a pending invitation.
    assert revoke(api_client, revoked_for, revoked_id).status_code == 403
    revoked = revoke(api_client, group.teacher, revoked_id)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert revoke(api_client, group.teacher, declined_id).status_code == 409

    # Neither can be accepted any more, nor is it among the addressee's open ones.
    assert accept(api_client, declines, declined_id).status_code == 409
    assert accept(api_client, revoked_for, revoked_id).status_code == 409
    assert as_(api_client, revoked_for).get("/api/group-invitations/").json()["results"] == []
    token = Invitation.objects.get(pk=revoked_id).token
    client.force_login(revoked_for)
    page = client.post(reverse("schedule:invitation", args=[token]), {"answer": "accept"})
    assert page.status_code == 200
    assert escape(gettext("The teacher has withdrawn this invitation.")) in page.content.decode()
    assert not Membership.objects.filter(group=group).exists()


def test_an_expired_invitation_cannot_be_accepted(invite, group, api_client, client):
    person = StudentFactory(verified=True)
    invitation_id = invite(group.teacher, group, person.email).json()["id"]
    Invitation.objects.filter(pk=invitation_id).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    refused = accept(api_client, person, invitation_id)
    assert refused.status_code == 409 and refused.json()["code"] == "invitation_closed"
    token = Invitation.objects.get(pk=invitation_id).token
    client.force_login(person)
    page = client.post(reverse("schedule:invitation", args=[token]), {"answer": "accept"})
    assert escape(gettext("This invitation has expired.")) in page.content.decode()
    assert not Membership.objects.filter(group=group).exists()
    # Inviting again renews it with a new link.
    renewed = invite(group.teacher, group, person.email).json()
    assert renewed["id"] == invitation_id and renewed["is_expired"] is False
    assert Invitation.objects.get(pk=invitation_id).token != token


def test_nobody_accepts_someone_elses_invitation(invite, group, outsider, api_client, client):
    person = StudentFactory(verified=True)
    invitation_id = invite(group.teacher, group, person.email).json()["id"]
    token = Invitation.objects.get(pk=invitation_id).token

    assert accept(api_client, outsider, invitation_id).status_code == 404
    assert accept(api_client, outsider, invitation_id, token=token).status_code == 404
    # The teacher sees the invitation but cannot answer it.
    assert accept(api_client, group.teacher, invitation_id).status_code == 403
    # Even with the e-mail's link (forwarded), another account is refused.
    client.force_login(outsider)
    page = reverse("schedule:invitation", args=[token])
    assert client.get(page).status_code == 403
    response = client.post(page, {"answer": "accept"})
    assert response.status_code == 403
    assert (
        client.post(
            reverse("schedule:invitation-answer", args=[invitation_id]), {"answer": "accept"}
        ).status_code
        == 404
    )
    assert not Membership.objects.filter(group=group).exists()
    assert Invitation.objects.get(pk=invitation_id).status == "pending"


def test_an_unconfirmed_account_needs_the_emails_link(invite, group, api_client, client):
    """Someone who signed up with another person's address cannot take their place: without a
    confirmed address only the token from the e-mail opens the invitation."""
    squatter = StudentFactory(email="real.owner@example.com")  # address not confirmed
    invitation_id = invite(group.teacher, group, squatter.email).json()["id"]
    refused = accept(api_client, squatter, invitation_id)
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_verified"
    assert accept(api_client, squatter, invitation_id, token="x" * 43).status_code == 403
    assert not Membership.objects.exists()

    token = re.search(r"/schedule/invitations/([\w-]+)/", mail.outbox[0].body).group(1)
    client.force_login(squatter)
    response = client.post(reverse("schedule:invitation", args=[token]), {"answer": "accept"})
    assert response.status_code == 302
    assert Membership.objects.filter(group=group, student=squatter).exists()


def test_a_newcomer_signs_up_from_the_email_then_accepts(invite, group, client):
    invite(group.teacher, group, "newcomer@example.com")
    [message] = mail.outbox
    link = re.search(r"https?://\S+|/\S+", message.body.split("\n\n")[-1]).group(0)
    assert "signup" in link and "next=" in link
    page = re.search(r"next=(\S+)", link).group(1).replace("%2F", "/")
    newcomer = StudentFactory(email="newcomer@example.com")  # just signed up, not confirmed
    client.force_login(newcomer)
    shown = client.get(page)
    assert shown.status_code == 200 and shown.context["is_open"]
    response = client.post(page, {"answer": "accept"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("schedule:group", args=[group.pk])
    assert Membership.objects.filter(group=group, student=newcomer).exists()


def test_learner_answers_from_the_groups_page(invite, group, client):
    person = StudentFactory(verified=True)
    invite(group.teacher, group, person.email)
    client.force_login(person)
    page = client.get(reverse("schedule:groups"))
    [invitation] = page.context["invitations"]
    assert group.name in page.content.decode()
    desk = client.get(reverse("cabinet:home"))
    assert 'data-testid="desk-invitations"' in desk.content.decode()
    response = client.post(
        reverse("schedule:invitation-answer", args=[invitation.pk]), {"answer": "decline"}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().status == "declined"
    assert not Membership.objects.exists()
    assert client.get(reverse("schedule:groups")).context["invitations"] == []


def test_teacher_lists_and_revokes_the_groups_invitations(invite, group, other_teacher, client):
    for address in ("a@example.com", "b@example.com"):
        invite(group.teacher, group, address)
    api = f"/api/groups/{group.pk}/invitations/"
    client.force_login(group.teacher)
    listed = client.get(api, {"status": "pending"}).json()["results"]
    assert {row["email"] for row in listed} == {"a@example.com", "b@example.com"}
    assert client.get(api, {"status": "nonsense"}).status_code == 400
    client.force_login(other_teacher)
    assert client.get(api).status_code == 404
    client.force_login(group.teacher)
    first = Invitation.objects.get(email="a@example.com")
    response = client.post(reverse("schedule:invitation-revoke", args=[first.pk]), follow=True)
    assert response.status_code == 200
    assert [i.email for i in response.context["pending_invitations"]] == ["b@example.com"]
    client.force_login(other_teacher)
    second = Invitation.objects.get(email="b@example.com")
    assert client.post(reverse("schedule:invitation-revoke", args=[second.pk])).status_code == 404
    assert Invitation.objects.get(pk=second.pk).status == "pending"


# --- the join code --------------------------------------------------------------------------------


def test_join_code_works_and_a_new_one_kills_the_old(group, rule, api_client, other_teacher):
    url = f"/api/groups/{group.pk}/join-code/"
    assert as_(api_client, group.teacher).get(url).json() == {"code": None, "url": None}
    assert as_(api_client, other_teacher).post(url).status_code == 404
    made = as_(api_client, group.teacher).post(url).json()
    old = made["code"]
    assert old and made["url"].endswith(reverse("schedule:join", args=[old]))

    first = StudentFactory()
    typed = "-".join([old[:5].lower(), old[5:]])  # any case, a dash between the halves
    joined = as_(api_client, first).post("/api/groups/join/", {"code": typed}, format="json")
    assert joined.status_code == 200 and joined.json()["id"] == group.pk
    assert {e["title"] for e in events(api_client, first)} == {rule.title}
    # Joining again changes nothing.
    as_(api_client, first).post("/api/groups/join/", {"code": old}, format="json")
    assert Membership.objects.filter(group=group, student=first).count() == 1

    new = as_(api_client, group.teacher).post(url).json()["code"]
    assert new != old
    second = StudentFactory()
    stale = as_(api_client, second).post("/api/groups/join/", {"code": old}, format="json")
    assert stale.status_code == 404
    fresh = as_(api_client, second).post("/api/groups/join/", {"code": new}, format="json")
    assert fresh.status_code == 200

    off = as_(api_client, group.teacher).delete(url)
    assert off.json() == {"code": None, "url": None}
    third = StudentFactory()
    assert (
        as_(api_client, third).post("/api/groups/join/", {"code": new}, format="json").status_code
        == 404
    )
    assert set(group.memberships.values_list("student", flat=True)) == {first.pk, second.pk}


def test_join_link_and_code_form_on_the_pages(group, client):
    client.force_login(group.teacher)
    client.post(reverse("schedule:group-join-code", args=[group.pk]), {"action": "rotate"})
    group.refresh_from_db()
    code = group.join_code
    page = client.get(reverse("schedule:group", args=[group.pk]))
    assert code in page.content.decode() and page.context["join_url"]

    by_link, by_form = StudentFactory(), StudentFactory()
    client.force_login(by_link)
    link = reverse("schedule:join", args=[code])
    shown = client.get(link)
    assert shown.status_code == 200 and group.name in shown.content.decode()
    assert not Membership.objects.exists()  # opening the link is not joining
    assert client.post(link).status_code == 302
    client.force_login(by_form)
    wrong = client.post(reverse("schedule:group-join"), {"code": "NOPE"})
    assert wrong.status_code == 400 and "code" in wrong.context["join_form"].errors
    right = client.post(reverse("schedule:group-join"), {"code": code.lower()})
    assert right.status_code == 302
    assert set(group.memberships.values_list("student", flat=True)) == {by_link.pk, by_form.pk}

    client.force_login(group.teacher)
    client.post(reverse("schedule:group-join-code", args=[group.pk]), {"action": "off"})
    client.force_login(StudentFactory())
    assert client.get(link).status_code == 404
