"""The cabinet's Messages pages: the list, a conversation, the first message to a tutor, a
group or support, and the links to them from tutor, course and group pages."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.models import TutorPage
from messaging import services
from messaging.models import Conversation, Message, Participant

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db

INBOX = "/ru/cabinet/messages/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def conversation_url(conversation) -> str:
    return f"/ru/cabinet/messages/{conversation.pk}/"


def texts_on(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<div class="message-text" data-text>(.*?)</div>', html, re.S)


def test_an_empty_inbox_says_how_to_start(client, stranger):
    client.force_login(stranger)
    response = client.get(INBOX)
    assert response.status_code == 200
    assert 'data-testid="messages-empty"' in response.content.decode()
    assert re.search(r"<ul [^>]*data-conversation-list[^>]* hidden>", response.content.decode())


def test_the_inbox_lists_conversations_newest_first_with_unread_counts(
    client, direct, learner, course_teacher, tutor
):
    services.send_message(learner, direct, "первое")
    other, _created = services.start_direct(learner, tutor)
    services.send_message(tutor, other, "ответ репетитора")
    services.send_message(tutor, other, "и ещё")
    client.force_login(learner)
    html = client.get(INBOX).content.decode()
    rows = re.findall(r'data-conversation-row="(\d+)"', html)
    assert rows == [str(other.pk), str(direct.pk)]
    first_row = html[html.index(f'data-conversation-row="{other.pk}"') :]
    assert "и ещё" in first_row.split("</li>")[0]
    assert re.search(r"<span data-count>2</span>", first_row.split("</li>")[0])
    assert "Вы:" in html  # the learner's own last message in the other row


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_group_conversations(person, count: int) -> None:
    for index in range(count):
        other = StudentFactory(verified=True)
        conversation = Conversation.objects.create(kind="group", created_by=person)
        Participant.objects.create(conversation=conversation, user=person)
        Participant.objects.create(conversation=conversation, user=other)
        services.send_message(other, conversation, f"сообщение {index}")


def test_the_inbox_costs_the_same_queries_for_two_or_twelve_conversations(client):
    person = StudentFactory(verified=True)
    client.force_login(person)
    add_group_conversations(person, 2)
    client.get(INBOX)  # caches of the site's frame filled
    few = queries_for(client, INBOX)
    add_group_conversations(person, 10)
    client.get(INBOX)  # the person's unread total kept again
    assert queries_for(client, INBOX) == few


def test_a_conversation_shows_its_latest_messages_oldest_first_and_is_read_on_opening(
    client, direct, learner, course_teacher
):
    for text in ("раз", "два", "три"):
        services.send_message(learner, direct, text)
    assert services.unread_total(course_teacher) == 3
    client.force_login(course_teacher)
    response = client.get(conversation_url(direct))
    assert response.status_code == 200
    assert texts_on(response) == ["раз", "два", "три"]
    assert services.unread_total(course_teacher) == 0
    # The learner's own messages carry the mark the page's script adds Edit/Delete to.
    client.force_login(learner)
    html = client.get(conversation_url(direct)).content.decode()
    assert html.count("data-mine") == 3


def test_a_long_conversation_loads_in_a_fixed_number_of_queries_and_pages_back(
    client, direct, learner, course_teacher, settings
):
    settings.MESSAGING_PAGE_SIZE = 50
    services.send_message(learner, direct, "начало")
    client.force_login(course_teacher)

    def count_queries():
        client.get(conversation_url(direct))  # reads it: the next visit marks nothing
        with CaptureQueriesContext(connection) as captured:
            response = client.get(conversation_url(direct))
        return len(captured), response

    short, _response = count_queries()
    now = timezone.now()
    Message.objects.bulk_create(
        Message(conversation=direct, author=learner, text=f"сообщение {n}", created_at=now)
        for n in range(10_000)
    )
    long, response = count_queries()
    assert long == short
    shown = texts_on(response)
    assert len(shown) == 50
    assert shown[-1] == "сообщение 9999"
    earlier = re.search(r'href="\?before=(\d+)"', response.content.decode())
    assert earlier is not None
    back = client.get(conversation_url(direct) + f"?before={earlier.group(1)}")
    assert texts_on(back)[-1] == "сообщение 9949"


def test_someone_elses_conversation_is_not_found(client, direct, stranger):
    client.force_login(stranger)
    assert client.get(conversation_url(direct)).status_code == 404


def test_the_form_sends_without_javascript(client, direct, learner, course_teacher):
    client.force_login(learner)
    response = client.post(
        conversation_url(direct),
        {
            "text": "без скриптов",
            "attachment": SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == conversation_url(direct) + "#composer"
    message = Message.objects.get(conversation=direct)
    assert message.text == "без скриптов"
    assert message.attachment_kind == "png"
    assert services.unread_total(course_teacher) == 1


def test_a_refused_message_is_explained_and_kept_in_the_box(client, direct, learner, settings):
    settings.MESSAGING_RATE_LIMIT = 1
    client.force_login(learner)
    client.post(conversation_url(direct), {"text": "первое"})
    response = client.post(conversation_url(direct), {"text": "слишком быстро"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "слишком быстро</textarea>" in html
    assert "Подождите" in html or "слишком быстро" in html
    assert 'role="alert"' in html
    assert Message.objects.filter(conversation=direct).count() == 1
    empty = client.post(conversation_url(direct), {"text": "  "})
    assert empty.status_code == 400
    assert Message.objects.filter(conversation=direct).count() == 1


def test_message_the_tutor_opens_the_conversation_with_the_first_message(client, tutor, stranger):
    client.force_login(stranger)
    url = reverse("cabinet:messages-to", kwargs={"user_id": tutor.public_id})
    page = client.get(url)
    assert page.status_code == 200
    assert not Conversation.objects.exists()  # following the link opens nothing
    response = client.post(url, {"text": "Здравствуйте! Есть время во вторник?"})
    conversation = Conversation.objects.get(kind="direct")
    assert response["Location"] == conversation_url(conversation) + "#composer"
    assert conversation.messages.get().text == "Здравствуйте! Есть время во вторник?"
    assert client.get(url)["Location"] == conversation_url(conversation)


def test_nobody_opens_a_conversation_with_an_unrelated_learner(client, stranger):
    other = StudentFactory(verified=True)
    client.force_login(stranger)
    url = reverse("cabinet:messages-to", kwargs={"user_id": other.public_id})
    response = client.get(url)
    assert response.status_code == 403
    assert "опубликованным репетиторам" in response.content.decode()
    assert client.post(url, {"text": "привет"}).status_code == 403
    assert not Conversation.objects.exists()


def test_write_to_the_group_is_for_its_members(client, group, member, stranger):
    url = reverse("cabinet:messages-group", kwargs={"group_id": group.pk})
    client.force_login(stranger)
    assert client.get(url).status_code in (403, 404)
    client.force_login(member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Всем привет"})
    conversation = Conversation.objects.get(group=group)
    assert response.status_code == 302
    assert set(conversation.participants.values_list("user_id", flat=True)) == {
        member.pk,
        group.teacher_id,
    }
    client.force_login(group.teacher)
    assert client.get(url)["Location"] == conversation_url(conversation)


def test_contact_support_opens_one_conversation_with_the_team(client, stranger):
    url = reverse("cabinet:messages-support")
    client.force_login(stranger)
    assert client.get(url).status_code == 200
    client.post(url, {"text": "Не приходит письмо"})
    conversation = Conversation.objects.get(kind="support", created_by=stranger)
    assert conversation.waiting_since is not None
    assert client.get(url)["Location"] == conversation_url(conversation)
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("account_login"))


def test_pages_link_to_messages(client, tutor, course, stranger):
    tutor_page = TutorPage.objects.live().filter(user=tutor).first()
    client.force_login(stranger)
    html = client.get(tutor_page.url).content.decode()
    assert reverse("cabinet:messages-to", kwargs={"user_id": tutor.public_id}) in html
    assert reverse("cabinet:messages-support") in html  # the footer
    course_html = client.get(course.url).content.decode()
    assert (
        reverse("cabinet:messages-to", kwargs={"user_id": course.teacher.public_id}) in course_html
    )
    assert 'src="/static/js/messages.js"' in html
    client.force_login(tutor)
    own_page = client.get(tutor_page.url).content.decode()
    assert 'data-testid="tutor-message"' not in own_page


def test_the_cabinet_menu_counts_unread_messages(client, direct, learner, course_teacher):
    services.send_message(learner, direct, "раз")
    services.send_message(learner, direct, "два")
    client.force_login(course_teacher)
    html = client.get("/ru/cabinet/").content.decode()
    link = html[html.index('data-testid="cabinet-messages"') :].split("</a>")[0]
    assert "<span data-count>2</span>" in link
    assert " hidden" not in link

    def shown() -> str:
        html = client.get("/ru/cabinet/").content.decode()
        link = html[html.index('data-testid="cabinet-messages"') :].split("</a>")[0]
        return link.split("<span data-count>")[1].split("<")[0]

    # Kept for the person (services.unread_total_shown) until their counts change: another
    # message, reading, their own reply, a seat removed.
    with CaptureQueriesContext(connection) as kept:
        assert shown() == "2"
    assert not any("messaging_message" in query["sql"] for query in kept.captured_queries)
    third = services.send_message(learner, direct, "три")
    assert shown() == "3"
    services.mark_read(course_teacher, direct, third.pk - 1)
    assert shown() == "1"
    services.send_message(course_teacher, direct, "отвечаю")  # one's own message reads all
    assert shown() == "0"
    services.send_message(learner, direct, "ещё")
    assert shown() == "1"
    Participant.objects.filter(conversation=direct, user=course_teacher).delete()
    assert shown() == "0"


def test_blocking_from_the_conversation_stops_both_sides(client, direct, learner, course_teacher):
    url = reverse("cabinet:conversation-block", kwargs={"conversation_id": direct.pk})
    client.force_login(course_teacher)
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "block"})["Location"] == conversation_url(direct)
    html = client.get(conversation_url(direct)).content.decode()
    assert 'value="unblock"' in html
    client.force_login(learner)
    refused = client.post(conversation_url(direct), {"text": "ответьте!"})
    assert refused.status_code == 400
    assert not Message.objects.filter(conversation=direct).exists()
    client.force_login(course_teacher)
    client.post(url, {"action": "unblock"})
    client.force_login(learner)
    assert client.post(conversation_url(direct), {"text": "ответьте!"}).status_code == 302


def test_only_direct_conversations_have_someone_to_block(client, group, member):
    conversation, _created = services.start_group(member, group)
    client.force_login(member)
    url = reverse("cabinet:conversation-block", kwargs={"conversation_id": conversation.pk})
    assert client.post(url, {"action": "block"}).status_code == 404
