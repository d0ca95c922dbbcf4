"""Sending, reading, editing, deleting; pages and unread counts; attachments; abuse controls."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from messaging import services
from messaging.models import Message, MessageReport

from ..factories import StudentFactory
from ..schedule.factories import MembershipFactory
from .conftest import login

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def send(client, conversation, text="Привет", **extra):
    return client.post(
        f"/api/conversations/{conversation.pk}/messages/", {"text": text, **extra}, format="json"
    )


def test_text_is_stored_plain_and_shown_escaped_with_safe_links(api_client, direct, learner):
    response = send(
        login(api_client, learner), direct, "<script>x</script> см. https://example.com/a?b=1\n"
    )
    assert response.status_code == 201
    data = response.json()
    assert data["text"] == "<script>x</script> см. https://example.com/a?b=1"
    assert "<script>" not in data["html"]
    assert "&lt;script&gt;" in data["html"]
    assert '<a href="https://example.com/a?b=1" rel="nofollow">' in data["html"]


def test_empty_and_too_long_messages_are_refused(api_client, direct, learner, settings):
    settings.MESSAGING_MAX_LENGTH = 10
    login(api_client, learner)
    empty = send(api_client, direct, "   ")
    assert empty.status_code == 400
    assert "text" in empty.json()
    too_long = send(api_client, direct, "x" * 11)
    assert too_long.status_code == 400
    assert "text" in too_long.json()
    assert not Message.objects.exists()


def test_the_other_side_sees_unread_counts_and_reads(api_client, direct, learner, course_teacher):
    login(api_client, learner)
    for text in ("раз", "два", "три"):
        send(api_client, direct, text)
    login(api_client, course_teacher)
    listing = api_client.get("/api/conversations/").json()
    assert listing["count"] == 1
    assert listing["results"][0]["unread"] == 3
    assert listing["results"][0]["last_message"]["text"] == "три"
    assert api_client.get("/api/conversations/unread/").json() == {
        "total": 3,
        "conversations": {str(direct.pk): 3},
    }
    first = Message.objects.order_by("pk").first()
    read = api_client.post(
        f"/api/conversations/{direct.pk}/read/", {"message": first.pk}, format="json"
    )
    assert read.json() == {"last_read_message_id": first.pk, "unread_total": 2}
    api_client.post(f"/api/conversations/{direct.pk}/read/", {}, format="json")
    assert api_client.get("/api/conversations/unread/").json()["total"] == 0
    # The author's own messages never count as unread for them; the receipt shows the read.
    login(api_client, learner)
    mine = api_client.get(f"/api/conversations/{direct.pk}/").json()
    assert mine["unread"] == 0
    assert mine["read_marks"][0]["last_read_message_id"] == Message.objects.latest("pk").pk


def test_cursor_pages_go_back_and_catch_up(api_client, direct, learner, settings):
    settings.MESSAGING_PAGE_SIZE = 3
    ids = [services.send_message(learner, direct, f"m{i}").pk for i in range(7)]
    login(api_client, learner)
    url = f"/api/conversations/{direct.pk}/messages/"
    first = api_client.get(url).json()
    assert [m["id"] for m in first["results"]] == ids[::-1][:3]
    assert first["has_more"] is True
    older = api_client.get(url, {"before": ids[4]}).json()
    assert [m["id"] for m in older["results"]] == [ids[3], ids[2], ids[1]]
    last = api_client.get(url, {"before": ids[1]}).json()
    assert [m["id"] for m in last["results"]] == [ids[0]]
    assert last["has_more"] is False
    newer = api_client.get(url, {"after": ids[4]}).json()
    assert [m["id"] for m in newer["results"]] == [ids[5], ids[6]]
    assert api_client.get(url, {"before": "x"}).status_code == 400


def _queries(api_client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api_client.get(url).status_code == 200
    return len(queries)


def test_a_page_of_messages_costs_the_same_for_10_and_200_messages(api_client, direct, learner):
    login(api_client, learner)
    url = f"/api/conversations/{direct.pk}/messages/"
    Message.objects.bulk_create(
        [Message(conversation=direct, author=learner, text=f"m{i}") for i in range(10)]
    )
    small = _queries(api_client, url)
    # The conversation, the seat (permission), the seat again (the service's own check), the page.
    assert small == 4
    Message.objects.bulk_create(
        [Message(conversation=direct, author=learner, text=f"m{i}") for i in range(190)]
    )
    assert _queries(api_client, url) == small
    oldest = Message.objects.order_by("pk")[20].pk
    assert _queries(api_client, f"{url}?before={oldest}") == small


def test_the_conversation_list_costs_the_same_for_1_and_many_conversations(
    api_client, tutor_index, group, member, django_assert_num_queries
):
    from ..courses.factories import TutorPageFactory
    from ..factories import TeacherFactory

    services.start_group(member, group)
    login(api_client, member)
    few = _queries(api_client, "/api/conversations/")
    assert few == 3  # the count, the page with unread counts and last messages, the people
    for _i in range(5):
        tutor = TutorPageFactory(parent=tutor_index, user=TeacherFactory()).user
        conversation, _created = services.start_direct(member, tutor)
        services.send_message(tutor, conversation, "Здравствуйте")
    MembershipFactory.create_batch(4, group=group)
    with django_assert_num_queries(few):
        assert len(api_client.get("/api/conversations/").json()["results"]) == 6


def test_edit_and_delete_own_within_the_window(api_client, direct, learner, course_teacher):
    login(api_client, learner)
    message_id = send(api_client, direct, "опечтка").json()["id"]
    edited = api_client.patch(f"/api/messages/{message_id}/", {"text": "опечатка"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["text"] == "опечатка"
    assert edited.json()["edited_at"] is not None
    # Someone else's message: not theirs to change.
    login(api_client, course_teacher)
    assert (
        api_client.patch(f"/api/messages/{message_id}/", {"text": "x"}, format="json").status_code
        == 403
    )
    assert api_client.delete(f"/api/messages/{message_id}/").status_code == 403
    login(api_client, learner)
    assert api_client.delete(f"/api/messages/{message_id}/").status_code == 204
    page = api_client.get(f"/api/conversations/{direct.pk}/messages/").json()["results"]
    assert page[0]["deleted_at"] is not None
    assert page[0]["text"] == ""
    again = api_client.patch(f"/api/messages/{message_id}/", {"text": "y"}, format="json")
    assert again.status_code == 409


def test_the_edit_window_closes(api_client, direct, learner, settings):
    settings.MESSAGING_EDIT_WINDOW_MINUTES = 15
    message = services.send_message(learner, direct, "давно")
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    login(api_client, learner)
    response = api_client.patch(f"/api/messages/{message.pk}/", {"text": "x"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "edit_window_closed"
    assert api_client.delete(f"/api/messages/{message.pk}/").status_code == 409


def test_outsiders_cannot_touch_a_message(api_client, direct, learner, stranger):
    message = services.send_message(learner, direct, "личное")
    login(api_client, stranger)
    assert (
        api_client.patch(f"/api/messages/{message.pk}/", {"text": "x"}, format="json").status_code
        == 404
    )
    assert (
        api_client.post(f"/api/messages/{message.pk}/report/", {}, format="json").status_code == 404
    )
    assert api_client.get(f"/api/messages/{message.pk}/attachment/").status_code == 404


def test_the_rate_limit_refuses_with_retry_after_and_stores_nothing(
    api_client, direct, learner, settings
):
    settings.MESSAGING_RATE_LIMIT = 3
    settings.MESSAGING_RATE_WINDOW = 60
    login(api_client, learner)
    for i in range(3):
        assert send(api_client, direct, f"{i}").status_code == 201
    refused = send(api_client, direct, "ещё")
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    assert 1 <= int(refused["Retry-After"]) <= 61
    assert Message.objects.count() == 3


def test_a_blocked_person_can_no_longer_write(api_client, direct, learner, course_teacher):
    login(api_client, course_teacher)
    blocked = api_client.post(
        "/api/messaging/blocks/", {"user": str(learner.public_id)}, format="json"
    )
    assert blocked.status_code == 201
    assert api_client.get("/api/messaging/blocks/").json() == [blocked.json()]
    login(api_client, learner)
    refused = send(api_client, direct, "ответьте")
    assert refused.status_code == 403
    assert refused.json()["code"] == "blocked"
    again = api_client.post(
        "/api/conversations/",
        {"kind": "direct", "user": str(course_teacher.public_id)},
        format="json",
    )
    assert again.status_code == 403
    # The one who blocked is told to unblock first.
    login(api_client, course_teacher)
    assert send(api_client, direct, "x").json()["code"] == "you_blocked"
    assert api_client.delete(f"/api/messaging/blocks/{learner.public_id}/").status_code == 204
    login(api_client, learner)
    assert send(api_client, direct, "теперь можно").status_code == 201


def test_a_report_reaches_the_moderators_once(api_client, direct, learner, course_teacher):
    message = services.send_message(learner, direct, "грубость")
    login(api_client, course_teacher)
    url = f"/api/messages/{message.pk}/report/"
    assert api_client.post(url, {"reason": "грубит"}, format="json").status_code == 201
    assert api_client.post(url, {"reason": "опять"}, format="json").status_code == 200
    report = MessageReport.objects.get()
    assert (report.reporter, report.reason, report.resolved) == (course_teacher, "грубит", False)
    login(api_client, learner)
    assert api_client.post(url, {}, format="json").status_code == 400


def test_attachments_are_checked_by_content_and_size(api_client, direct, learner, settings):
    login(api_client, learner)
    url = f"/api/conversations/{direct.pk}/messages/"
    photo = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    sent = api_client.post(url, {"text": "", "attachment": photo}, format="multipart")
    assert sent.status_code == 201, sent.json()
    attachment = sent.json()["attachment"]
    assert (attachment["name"], attachment["kind"], attachment["size"]) == (
        "photo.png",
        "png",
        len(PNG),
    )
    download = api_client.get(attachment["url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    # A program named like a picture is refused by its content.
    fake = SimpleUploadedFile("cat.png", b"MZ\x90\x00\x03" + b"\x00" * 64, content_type="image/png")
    refused = api_client.post(url, {"attachment": fake}, format="multipart")
    assert refused.status_code == 400
    assert "attachment" in refused.json()
    settings.MESSAGING_MAX_ATTACHMENT_SIZE = 10
    big = SimpleUploadedFile("big.png", PNG, content_type="image/png")
    too_big = api_client.post(url, {"attachment": big}, format="multipart")
    assert too_big.status_code == 400
    # Only participants download it.
    login(api_client, StudentFactory())
    assert api_client.get(attachment["url"]).status_code == 404
