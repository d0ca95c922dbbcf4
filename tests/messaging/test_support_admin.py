"""The support team's screens in the Wagtail admin: the inbox (tabs, waiting order), one
conversation (history, reply, assign, close, reopen) and the queue of reported messages."""

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import NotAllowed
from messaging import services
from messaging.models import Conversation, Message, MessageReport

from ..factories import AdminFactory, StudentFactory, TeacherFactory, UserFactory
from .test_socket import application, connect, frames, session_cookie, socket

pytestmark = pytest.mark.django_db

INBOX = "/admin/support/"
REPORTS = "/admin/support/reports/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def with_admin_access(user):
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


@pytest.fixture
def staff(client):
    """A member of the support team who is not a superuser."""
    person = with_admin_access(UserFactory(is_staff=True, first_name="Ольга", last_name="Саппорт"))
    client.force_login(person)
    return person


def ask(text: str, **names):
    """A person's support conversation with one message from them."""
    person = StudentFactory(**names)
    conversation, _created = services.start_support(person)
    services.send_message(person, conversation, text)
    conversation.refresh_from_db()
    return person, conversation


def conversation_url(conversation) -> str:
    return f"{INBOX}{conversation.pk}/"


def page(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def flashed(response) -> list[str]:
    return [str(m) for m in response.wsgi_request._messages]


def in_menu(html: str, label: str) -> bool:
    return json.dumps(label)[1:-1] in html  # the sidebar is JSON in the page


# Who sees it


def test_only_the_support_team_sees_the_support_screens(client):
    person, conversation = ask("Тайный вопрос о платеже")
    message = conversation.last_message
    report, _created = services.report_message(StudentFactory(), message, "спам")
    editor = with_admin_access(UserFactory())
    editor.groups.add(Group.objects.get(name="Editors"))
    urls = [
        INBOX,
        f"{INBOX}?scope=all",
        conversation_url(conversation),
        REPORTS,
        f"{REPORTS}{report.pk}/dismiss/",
    ]
    for outsider in (
        with_admin_access(StudentFactory()),
        with_admin_access(TeacherFactory()),
        editor,
    ):
        client.force_login(outsider)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (outsider, url)
            assert "Тайный вопрос" not in response.content.decode()
        refused = client.post(conversation_url(conversation), {"action": "close"})
        assert refused.status_code in (302, 403)
        refused = client.post(f"{REPORTS}{report.pk}/dismiss/")
        assert refused.status_code in (302, 403)
        home = page(client, "/admin/")
        assert not in_menu(home, "Жалобы на сообщения")
        assert not in_menu(home, "Входящие")
    conversation.refresh_from_db()
    report.refresh_from_db()
    assert conversation.status == "open" and not report.resolved

    staff = with_admin_access(UserFactory(is_staff=True))
    client.force_login(staff)
    home = page(client, "/admin/")
    assert in_menu(home, "Поддержка") and in_menu(home, "Входящие")
    assert in_menu(home, "Жалобы на сообщения")
    assert "Тайный вопрос" in page(client, INBOX)
    assert "Тайный вопрос" in page(client, conversation_url(conversation))
    assert "Тайный вопрос" in page(client, REPORTS)


def test_another_kind_of_conversation_is_not_found_in_the_support_screen(client, staff, direct):
    response = client.get(conversation_url(direct))
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        services.support_conversation(StudentFactory(), direct.pk)


# The inbox


def test_the_inbox_tabs_unassigned_mine_all_and_closed(client, staff):
    colleague = UserFactory(is_staff=True)
    _a, free = ask("Никто не взял")
    asker, mine = ask("Взяла я")
    _c, theirs = ask("Взял коллега")
    _d, done = ask("Уже решено")
    services.assign(staff, mine, staff)
    services.assign(staff, theirs, colleague)
    services.close(staff, done)

    unassigned = page(client, INBOX)
    assert "Никто не взял" in unassigned
    assert not any(t in unassigned for t in ("Взяла я", "Взял коллега", "Уже решено"))
    assert 'aria-current="page">Без ответственного' in unassigned
    assert in_menu(unassigned, "Входящие (1)")  # the menu counts what nobody has taken
    own = page(client, INBOX, scope="mine")
    assert "Взяла я" in own and "Никто не взял" not in own and "Взял коллега" not in own
    everyone = page(client, INBOX, scope="all")
    assert all(t in everyone for t in ("Никто не взял", "Взяла я", "Взял коллега"))
    assert "Уже решено" not in everyone
    closed = page(client, INBOX, scope="all", status="closed")
    assert "Уже решено" in closed and "Никто не взял" not in closed
    assert "Закрыта" in closed
    # The results fragment (the filters' AJAX refresh) follows the same tabs.
    fragment = page(client, f"{INBOX}results/", scope="mine")
    assert "Взяла я" in fragment and "Никто не взял" not in fragment
    # A search finds the person within the tab.
    found = page(client, INBOX, scope="all", q=asker.email)
    assert "Взяла я" in found and "Никто не взял" not in found
    # A scope that is not one of the tabs is a filter error, not another listing.
    assert "Взял коллега" not in page(client, INBOX, scope="everything")


def test_the_longest_waiting_come_first_and_the_answered_last(client, staff):
    now = timezone.now()
    _a, answered = ask("Уже ответили")
    services.send_message(staff, answered, "Готово")
    _b, recent = ask("Спросил недавно")
    _c, oldest = ask("Жду давно")
    Conversation.objects.filter(pk=recent.pk).update(waiting_since=now - timedelta(minutes=40))
    Conversation.objects.filter(pk=oldest.pk).update(
        waiting_since=now - timedelta(hours=3, minutes=5)
    )

    html = page(client, INBOX, scope="all")
    positions = [html.index(t) for t in ("Жду давно", "Спросил недавно", "Готово")]
    assert positions == sorted(positions)
    assert "ждёт 3\xa0часа" in html and "ждёт 40\xa0минут" in html and "ответ дан" in html
    order = list(services.support_inbox(staff, "all"))
    assert order == [oldest, recent, answered]


def test_the_lists_take_a_fixed_number_of_queries(client, staff, django_assert_num_queries):
    def count(url: str) -> int:
        client.get(url)  # once-per-process lookups (content types, the site) out of the way
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    reporter = StudentFactory()
    for n in range(2):
        _person, conversation = ask(f"Вопрос {n}")
        services.report_message(reporter, conversation.last_message, "спам")
    inbox, reports = count(f"{INBOX}?scope=all"), count(REPORTS)
    for n in range(2, 7):
        _person, conversation = ask(f"Вопрос {n}")
        services.assign(staff, conversation, staff)
        services.send_message(staff, conversation, "Ответ")
        services.report_message(reporter, conversation.last_message, "спам")
    with django_assert_num_queries(inbox):
        html = page(client, INBOX, scope="all")
    assert all(conversation_url(c) in html for c in Conversation.objects.all())
    assert Conversation.objects.count() == 7
    with django_assert_num_queries(reports):
        assert page(client, REPORTS).count("спам") >= 7


def test_a_conversation_page_takes_a_fixed_number_of_queries(
    client, staff, django_assert_num_queries
):
    person, conversation = ask("Первый вопрос")
    url = conversation_url(conversation)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for n in range(6):
        services.send_message(person if n % 2 else staff, conversation, f"Реплика {n}")
    with django_assert_num_queries(len(queries)):
        html = page(client, url)
    assert "Реплика 5" in html


# One conversation


def test_the_history_pages_back_newest_at_the_bottom_with_files(client, staff, settings):
    settings.MESSAGING_PAGE_SIZE = 3
    person, conversation = ask("первое")
    for word in ("второе", "третье", "четвёртое"):
        services.send_message(person, conversation, word)
    photo = SimpleUploadedFile("чек.png", PNG, content_type="image/png")
    with_file = services.send_message(person, conversation, "пятое", photo)

    newest = page(client, conversation_url(conversation))
    assert "первое" not in newest and "второе" not in newest
    assert newest.index("третье") < newest.index("четвёртое") < newest.index("пятое")
    download = f"/api/messages/{with_file.pk}/attachment/"
    assert download in newest and "чек.png" in newest
    assert client.get(download).status_code == 200  # the support team may read it
    third = Message.objects.get(text="третье")
    assert f"?before={third.pk}" in newest

    older = page(client, conversation_url(conversation), before=third.pk)
    assert older.index("первое") < older.index("второе")
    assert "третье" not in older and "Последние сообщения" in older
    assert "ждёт меньше минуты" in newest


def test_a_reply_from_the_admin_reaches_the_person_live(
    client, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)
    person, conversation = ask("Не приходит чек")
    headers = session_cookie(None, person)
    url = conversation_url(conversation)

    async def scenario():
        from channels.db import database_sync_to_async

        assert application() is not None
        tab = socket(headers)
        assert (await connect(tab))["conversations"] == [conversation.pk]

        def reply():
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(url, {"action": "reply", "text": "Отправили ещё раз"})

        response = await database_sync_to_async(reply)()
        assert response.status_code == 302 and response.url == url
        got = await frames(tab)
        assert [f["type"] for f in got] == ["message.new", "unread"]
        assert got[0]["message"]["text"] == "Отправили ещё раз"
        assert got[0]["message"]["from_staff"] is True
        await tab.disconnect()

    async_to_sync(scenario)()
    conversation.refresh_from_db()
    assert conversation.waiting_since is None
    assert conversation.last_message.author == staff
    assert "Ответ отправлен." in flashed(client.get(url))


def test_an_empty_reply_is_refused_on_the_form(client, staff):
    _person, conversation = ask("Вопрос")
    response = client.post(conversation_url(conversation), {"action": "reply", "text": "  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Напишите что-нибудь или приложите файл." in html
    assert "Ответ не отправлен." in html
    assert Message.objects.filter(conversation=conversation).count() == 1
    # A file alone is a reply.
    photo = SimpleUploadedFile("инструкция.png", PNG, content_type="image/png")
    sent = client.post(conversation_url(conversation), {"action": "reply", "attachment": photo})
    assert sent.status_code == 302
    reply = Message.objects.filter(conversation=conversation).latest("pk")
    assert (reply.author, reply.attachment_name) == (staff, "инструкция.png")
    assert reply.from_staff


def test_assign_close_and_reopen_through_the_admin(client, staff):
    colleague = UserFactory(is_staff=True, first_name="Пётр", last_name="Коллегов")
    _person, conversation = ask("Помогите")
    url = conversation_url(conversation)

    response = client.post(url, {"action": "assign_me"}, follow=True)
    assert "Обращение назначено вам." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.assigned_to == staff

    client.post(url, {"action": "assign", "assignee": colleague.pk})
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague
    assert "Пётр Коллегов" in page(client, INBOX, scope="all")

    learner = StudentFactory()
    response = client.post(url, {"action": "assign", "assignee": learner.pk}, follow=True)
    assert "Выберите сотрудника поддержки." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.assigned_to == colleague

    client.post(url, {"action": "assign", "assignee": ""})
    conversation.refresh_from_db()
    assert conversation.assigned_to is None

    response = client.post(url, {"action": "close"}, follow=True)
    assert "Закрыто." in response.content.decode()
    conversation.refresh_from_db()
    assert conversation.status == "closed" and conversation.waiting_since is None
    assert "Открыть снова" in response.content.decode()

    client.post(url, {"action": "reopen"})
    conversation.refresh_from_db()
    assert conversation.status == "open"
    assert "Неизвестное действие." in flashed(client.post(url, {"action": "explode"}))


def test_support_staff_lists_superusers_too(db):
    boss = AdminFactory(is_staff=False)
    helper = UserFactory(is_staff=True)
    StudentFactory()
    UserFactory(is_staff=True, is_active=False)
    assert set(services.support_staff()) == {boss, helper}


# Reported messages


@pytest.fixture
def rude(direct, learner, course_teacher):
    """A message in a direct conversation, reported twice."""
    message = services.send_message(course_teacher, direct, "Грубость какая-то")
    first, _created = services.report_message(learner, message, "грубит")
    return message, first


def test_the_queue_lists_open_reports_with_the_message(client, staff, rude, learner):
    message, report = rude
    html = page(client, REPORTS)
    assert "Грубость какая-то" in html and "грубит" in html
    assert in_menu(html, "Жалобы на сообщения (1)")
    assert learner.email in html and message.author.email in html
    MessageReport.objects.filter(pk=report.pk).update(resolved=True)
    assert "Грубость какая-то" not in page(client, REPORTS)


def test_dismissing_a_report_keeps_the_message(client, staff, rude):
    message, report = rude
    confirm = page(client, f"{REPORTS}{report.pk}/dismiss/")
    assert "Отклонить жалобу?" in confirm and "Грубость какая-то" in confirm
    response = client.post(f"{REPORTS}{report.pk}/dismiss/", follow=True)
    assert "Жалоба отклонена, сообщение осталось." in response.content.decode()
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.resolved and report.resolved_by == staff and message.deleted_at is None
    again = client.post(f"{REPORTS}{report.pk}/dismiss/")
    assert "Эту жалобу уже рассмотрели." in flashed(again)


def test_deleting_a_reported_message_closes_every_report_on_it(
    client, staff, rude, direct, django_capture_on_commit_callbacks
):
    message, report = rude
    other = UserFactory()
    direct.participants.create(user=other)
    second, _created = services.report_message(other, message, "оскорбление")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(f"{REPORTS}{report.pk}/delete/", follow=True)
    assert callbacks  # the conversation's open tabs are told (message.deleted)
    assert "Сообщение удалено; закрыто жалоб на него: 2." in response.content.decode()
    message.refresh_from_db()
    assert message.deleted_at is not None
    assert set(MessageReport.objects.values_list("resolved", "resolved_by")) == {(True, staff.pk)}
    assert "Грубость какая-то" not in page(client, REPORTS)


def test_only_the_support_team_resolves_reports(rude, course_teacher, learner):
    _message, report = rude
    for outsider in (course_teacher, learner):
        with pytest.raises(NotAllowed):
            services.dismiss_report(outsider, report)
        with pytest.raises(NotAllowed):
            services.remove_reported_message(outsider, report)
        with pytest.raises(NotAllowed):
            services.open_reports(outsider)
    report.refresh_from_db()
    assert not report.resolved
