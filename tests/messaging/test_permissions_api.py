"""Who may write to whom, through the real endpoints."""

import pytest
from django.db import connection

from messaging.models import Conversation, Participant

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from ..schedule.factories import MembershipFactory
from .conftest import login

pytestmark = pytest.mark.django_db


def start(client, **body):
    return client.post("/api/conversations/", body, format="json")


def test_anonymous_people_get_401(api_client):
    assert api_client.get("/api/conversations/").status_code == 401
    assert start(api_client, kind="support").status_code == 401


def test_a_learner_may_write_to_a_published_tutor(api_client, stranger, tutor):
    response = start(login(api_client, stranger), kind="direct", user=str(tutor.public_id))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["kind"] == "direct"
    assert [p["id"] for p in data["people"]] == [str(tutor.public_id)]
    # Once per pair: asking again gives the same conversation.
    again = start(api_client, kind="direct", user=str(tutor.public_id))
    assert again.status_code == 200
    assert again.json()["id"] == data["id"]
    assert Conversation.objects.filter(kind="direct").count() == 1


def test_a_draft_tutor_page_is_not_an_open_door(api_client, stranger, draft_tutor):
    response = start(login(api_client, stranger), kind="direct", user=str(draft_tutor.public_id))
    assert response.status_code == 403
    assert response.json()["code"] == "cannot_write_to"


def test_a_learner_may_write_to_the_teacher_of_their_course(api_client, learner, course_teacher):
    response = start(login(api_client, learner), kind="direct", user=str(course_teacher.public_id))
    assert response.status_code == 201


def test_a_learner_may_write_to_the_teacher_of_their_group(api_client, group, member):
    response = start(login(api_client, member), kind="direct", user=str(group.teacher.public_id))
    assert response.status_code == 201


def test_a_learner_may_not_write_to_an_unrelated_learner(api_client, learner, stranger):
    response = start(login(api_client, learner), kind="direct", user=str(stranger.public_id))
    assert response.status_code == 403
    assert response.json()["code"] == "cannot_write_to"
    assert not Conversation.objects.exists()


def test_a_learner_may_not_write_to_an_unrelated_teacher(api_client, stranger):
    teacher = TeacherFactory()
    response = start(login(api_client, stranger), kind="direct", user=str(teacher.public_id))
    assert response.status_code == 403


def test_a_teacher_may_write_to_their_own_students(api_client, learner, course_teacher):
    response = start(login(api_client, course_teacher), kind="direct", user=str(learner.public_id))
    assert response.status_code == 201


def test_a_teacher_may_write_to_their_group_members(api_client, group, member):
    response = start(login(api_client, group.teacher), kind="direct", user=str(member.public_id))
    assert response.status_code == 201


def test_a_teacher_may_not_write_to_an_unrelated_learner(api_client, course_teacher, stranger):
    response = start(login(api_client, course_teacher), kind="direct", user=str(stranger.public_id))
    assert response.status_code == 403


def test_a_tutor_answers_a_learner_who_wrote_first(api_client, tutor, stranger):
    from messaging import services

    services.start_direct(stranger, tutor)
    # The stranger is not the tutor's student, yet the tutor may come back to the conversation.
    response = start(login(api_client, tutor), kind="direct", user=str(stranger.public_id))
    assert response.status_code == 200


def test_nobody_writes_to_themselves_or_to_an_unknown_person(api_client, stranger):
    login(api_client, stranger)
    assert start(api_client, kind="direct", user=str(stranger.public_id)).status_code == 403
    unknown = start(api_client, kind="direct", user="00000000-0000-0000-0000-000000000000")
    assert unknown.status_code == 400
    assert "user" in unknown.json()


def test_group_members_and_teacher_share_the_group_conversation(api_client, group, member):
    response = start(login(api_client, member), kind="group", group=group.pk)
    assert response.status_code == 201
    conversation = Conversation.objects.get(group=group)
    seated = set(
        Participant.objects.filter(conversation=conversation).values_list("user", flat=True)
    )
    assert seated == {member.pk, group.teacher_id}
    teacher_view = start(login(api_client, group.teacher), kind="group", group=group.pk)
    assert teacher_view.status_code == 200
    assert teacher_view.json()["id"] == conversation.pk


def test_a_non_member_may_not_open_or_read_a_group_conversation(
    api_client, group, member, stranger
):
    start(login(api_client, member), kind="group", group=group.pk)
    conversation = Conversation.objects.get(group=group)
    login(api_client, stranger)
    refused = start(api_client, kind="group", group=group.pk)
    assert refused.status_code == 403
    assert api_client.get(f"/api/conversations/{conversation.pk}/messages/").status_code == 404
    sent = api_client.post(
        f"/api/conversations/{conversation.pk}/messages/", {"text": "hi"}, format="json"
    )
    assert sent.status_code == 404


def test_group_seats_follow_the_membership(api_client, group, member):
    start(login(api_client, member), kind="group", group=group.pk)
    conversation = Conversation.objects.get(group=group)
    newcomer = MembershipFactory(group=group).student
    assert Participant.objects.filter(conversation=conversation, user=newcomer).exists()
    group.memberships.filter(student=member).delete()
    assert not Participant.objects.filter(conversation=conversation, user=member).exists()
    # Out of the group, out of the conversation.
    login(api_client, member)
    assert api_client.get(f"/api/conversations/{conversation.pk}/").status_code == 404


def test_a_group_deleted_takes_its_conversation_with_it(api_client, group, member):
    start(login(api_client, member), kind="group", group=group.pk)
    MembershipFactory(group=group)
    login(api_client, group.teacher)
    assert api_client.delete(f"/api/groups/{group.pk}/").status_code == 204
    # Its memberships' deletion must not seat anyone again in the conversation going too.
    connection.check_constraints()
    assert not Conversation.objects.filter(group_id=group.pk).exists()
    assert not Participant.objects.filter(conversation__group_id=group.pk).exists()


def test_staff_write_to_anyone_and_are_reached_through_support(api_client, stranger):
    staff = AdminFactory()
    refused = start(login(api_client, stranger), kind="direct", user=str(staff.public_id))
    assert refused.status_code == 403
    allowed = start(login(api_client, staff), kind="direct", user=str(stranger.public_id))
    assert allowed.status_code == 201


def test_anyone_signed_in_may_write_to_support(api_client, stranger):
    login(api_client, stranger)
    response = start(api_client, kind="support")
    assert response.status_code == 201
    conversation_id = response.json()["id"]
    assert start(api_client, kind="support").json()["id"] == conversation_id
    sent = api_client.post(
        f"/api/conversations/{conversation_id}/messages/", {"text": "Помогите"}, format="json"
    )
    assert sent.status_code == 201
    conversation = Conversation.objects.get(pk=conversation_id)
    assert conversation.waiting_since is not None
    # Staff read and answer it without being a participant; other people do not see it.
    staff = AdminFactory()
    login(api_client, staff)
    reply = api_client.post(
        f"/api/conversations/{conversation_id}/messages/", {"text": "Слушаем"}, format="json"
    )
    assert reply.status_code == 201
    assert reply.json()["from_staff"] is True
    conversation.refresh_from_db()
    assert conversation.waiting_since is None
    login(api_client, StudentFactory())
    assert api_client.get(f"/api/conversations/{conversation_id}/").status_code == 404


def test_support_assign_close_and_reopen_on_a_new_message(api_client, stranger):
    login(api_client, stranger)
    conversation_id = start(api_client, kind="support").json()["id"]
    staff = AdminFactory()
    # The person may not assign or close.
    assert api_client.post(f"/api/conversations/{conversation_id}/close/").status_code == 403
    login(api_client, staff)
    assigned = api_client.post(
        f"/api/conversations/{conversation_id}/assign/",
        {"assignee": str(staff.public_id)},
        format="json",
    )
    assert assigned.status_code == 200
    assert assigned.json()["assigned_to"]["id"] == str(staff.public_id)
    closed = api_client.post(f"/api/conversations/{conversation_id}/close/")
    assert closed.json()["status"] == "closed"
    login(api_client, stranger)
    api_client.post(
        f"/api/conversations/{conversation_id}/messages/", {"text": "Ещё вопрос"}, format="json"
    )
    conversation = Conversation.objects.get(pk=conversation_id)
    assert conversation.status == "open"
    assert conversation.waiting_since is not None
