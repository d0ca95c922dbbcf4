"""The messages socket through Channels' WebsocketCommunicator and the real ASGI application
(origin check, session and JWT sign-in, routing): on the in-memory layer, and on Redis under
CI (or with CHANNELS_TEST_REDIS_URL)."""

import contextlib
import os
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client

from accounts.tokens import tokens_for
from messaging import services
from messaging.models import Conversation
from portal.settings.channels import redis_channel_layer

from ..conftest import IN_CI, skip_or_fail
from ..factories import AdminFactory
from ..schedule.factories import MembershipFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("CHANNELS_TEST_REDIS_URL") or (
    "redis://127.0.0.1:6379/13" if IN_CI else ""
)


@pytest.fixture(params=["memory", "redis"])
def layer(request, settings, monkeypatch):
    """The channel layer under test. Channels' database wrapper closes the connection it
    finds in a transaction (the test's own); here the test's connection stays open."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("Redis layer: runs under CI or with CHANNELS_TEST_REDIS_URL")
        import redis

        try:
            redis.Redis.from_url(REDIS_URL).ping()
        except redis.RedisError:
            skip_or_fail(f"no Redis at {REDIS_URL}")
        # As production configures it (portal/settings/channels.py), on a prefix of its own.
        settings.CHANNEL_LAYERS = {
            "default": redis_channel_layer(REDIS_URL, prefix=f"test-{uuid.uuid4().hex}")
        }
    else:
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    return request.param


def application():
    from portal.asgi import application

    return application


def session_cookie(_client, user) -> list[tuple[bytes, bytes]]:
    client = Client()  # one per person: signing another in would end the first's session
    client.force_login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        (b"origin", b"http://testserver"),
    ]


_opened: list[WebsocketCommunicator] = []


def socket(headers=None, query: str = "") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application(), f"/ws/messages/{query}", headers=headers or []
    )
    _opened.append(communicator)
    return communicator


async def connect(communicator) -> dict:
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    hello = await communicator.receive_json_from(timeout=5)
    assert hello["type"] == "hello"
    return hello


async def frames(communicator, timeout: float = 0.5) -> list[dict]:
    """Everything the socket gets until it is quiet."""
    found = []
    # receive_nothing waits without ending the application (a receive that times out does).
    while not await communicator.receive_nothing(timeout=timeout):
        found.append(await communicator.receive_json_from(timeout=5))
    return found


def run(scenario):
    """Run a scenario, then close every socket it made, refused ones too, in the same loop:
    a consumer still running when the loop ends is cancelled there, and on the Redis layer
    that cancellation can hang the test instead of ending it."""

    async def closing():
        try:
            await scenario()
        finally:
            while _opened:
                communicator = _opened.pop()
                # Already closed, or the test's own failure is the one to report.
                with contextlib.suppress(Exception):
                    await communicator.disconnect(timeout=2)

    async_to_sync(closing)()


def test_a_socket_without_a_person_is_refused(layer):

    async def scenario():
        connected, _code = await socket().connect(timeout=5)
        assert not connected
        bad_token = socket(query="?token=not-a-token")
        assert not (await bad_token.connect(timeout=5))[0]

    run(scenario)


def test_a_socket_from_another_site_is_refused(layer, client, learner, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    ours = session_cookie(client, learner)
    headers = [h for h in session_cookie(client, learner) if h[0] != b"origin"]
    headers.append((b"origin", b"https://evil.example"))

    async def scenario():
        same_site = socket(ours)
        await connect(same_site)
        # Closed here, in the loop that opened it: a consumer left open when the loop ends is
        # cancelled there, and on the Redis layer that cancellation can hang.
        await same_site.disconnect()
        assert not (await socket(headers).connect(timeout=5))[0]

    run(scenario)


def test_new_messages_reach_every_tab_and_nobody_else(
    layer, client, direct, learner, course_teacher, stranger, django_capture_on_commit_callbacks
):
    other, _created = services.start_support(stranger)

    course_teacher_headers = session_cookie(client, course_teacher)
    stranger_headers = session_cookie(client, stranger)

    async def scenario():
        teacher_tab_1 = socket(course_teacher_headers)
        teacher_tab_2 = socket(course_teacher_headers)
        outsider = socket(stranger_headers)
        hello = await connect(teacher_tab_1)
        assert hello["conversations"] == [direct.pk]
        await connect(teacher_tab_2)
        assert (await connect(outsider))["conversations"] == [other.pk]

        def send():
            with django_capture_on_commit_callbacks(execute=True):
                return services.send_message(learner, direct, "Здравствуйте!")

        from channels.db import database_sync_to_async

        message = await database_sync_to_async(send)()
        for tab in (teacher_tab_1, teacher_tab_2):
            got = await frames(tab)
            kinds = [frame["type"] for frame in got]
            assert kinds == ["message.new", "unread"], got
            assert got[0]["message"]["id"] == message.pk
            assert got[0]["message"]["text"] == "Здравствуйте!"
            assert got[1] == {
                "type": "unread",
                "conversation": direct.pk,
                "unread": 1,
                "total": 1,
            }
        assert await frames(outsider) == []
        # Subscribing to someone else's conversation is refused, and nothing arrives after.
        await outsider.send_json_to({"type": "subscribe", "conversation": direct.pk})
        refusal = await outsider.receive_json_from(timeout=5)
        assert refusal["type"] == "error"
        assert refusal["code"] == "not_found"
        await database_sync_to_async(send)()
        assert await frames(outsider) == []
        for tab in (teacher_tab_1, teacher_tab_2, outsider):
            await tab.disconnect()

    run(scenario)


def test_a_jwt_signs_an_api_client_in_and_read_receipts_go_both_ways(
    layer, client, direct, learner, course_teacher, django_capture_on_commit_callbacks
):
    message = services.send_message(learner, direct, "Вопрос")
    token = tokens_for(course_teacher)["access"]

    learner_headers = session_cookie(client, learner)

    async def scenario():
        from channels.db import database_sync_to_async

        by_header = socket([(b"authorization", f"Bearer {token}".encode())])
        hello = await connect(by_header)
        assert hello["unread_total"] == 1
        learner_tab = socket(learner_headers)
        await connect(learner_tab)
        by_query = socket(query=f"?token={token}")
        await connect(by_query)

        def read():
            with django_capture_on_commit_callbacks(execute=True):
                services.mark_read(course_teacher, direct)

        await database_sync_to_async(read)()
        receipt = [f for f in await frames(learner_tab) if f["type"] == "read"]
        assert receipt == [
            {
                "type": "read",
                "conversation": direct.pk,
                "user": {
                    "id": str(course_teacher.public_id),
                    "name": course_teacher.get_full_name(),
                },
                "last_read_message_id": message.pk,
            }
        ]
        mine = await frames(by_query)
        assert {"type": "unread", "conversation": direct.pk, "unread": 0, "total": 0} in mine
        for tab in (by_header, learner_tab, by_query):
            await tab.disconnect()

    run(scenario)


def test_leaving_a_group_stops_its_events_at_once(
    layer, client, group, member, django_capture_on_commit_callbacks
):
    services.start_group(member, group)
    conversation = Conversation.objects.get(group=group)

    member_headers = session_cookie(client, member)

    async def scenario():
        from channels.db import database_sync_to_async

        tab = socket(member_headers)
        assert (await connect(tab))["conversations"] == [conversation.pk]

        def leave():
            with django_capture_on_commit_callbacks(execute=True):
                group.memberships.filter(student=member).delete()

        await database_sync_to_async(leave)()
        assert await frames(tab) == [{"type": "conversation.left", "conversation": conversation.pk}]

        def teacher_writes():
            with django_capture_on_commit_callbacks(execute=True):
                services.send_message(group.teacher, conversation, "Домашнее задание")

        await database_sync_to_async(teacher_writes)()
        assert await frames(tab) == []
        await tab.disconnect()

    run(scenario)


def test_joining_a_group_opens_its_events(
    layer, client, group, member, stranger, django_capture_on_commit_callbacks
):
    services.start_group(member, group)
    conversation = Conversation.objects.get(group=group)

    stranger_headers = session_cookie(client, stranger)

    async def scenario():
        from channels.db import database_sync_to_async

        tab = socket(stranger_headers)
        assert (await connect(tab))["conversations"] == []

        def join():
            with django_capture_on_commit_callbacks(execute=True):
                MembershipFactory(group=group, student=stranger)

        await database_sync_to_async(join)()
        assert await frames(tab) == [
            {"type": "conversation.joined", "conversation": conversation.pk}
        ]

        def member_writes():
            with django_capture_on_commit_callbacks(execute=True):
                services.send_message(member, conversation, "Привет всем")

        await database_sync_to_async(member_writes)()
        assert [f["type"] for f in await frames(tab)] == ["message.new", "unread"]
        await tab.disconnect()

    run(scenario)


def test_staff_sockets_see_support_conversations(
    layer, client, stranger, django_capture_on_commit_callbacks
):
    conversation, _created = services.start_support(stranger)
    staff = AdminFactory()

    staff_headers = session_cookie(client, staff)

    async def scenario():
        from channels.db import database_sync_to_async

        team = socket(staff_headers)
        await connect(team)

        def ask():
            with django_capture_on_commit_callbacks(execute=True):
                services.send_message(stranger, conversation, "Не могу оплатить")

        await database_sync_to_async(ask)()
        got = await frames(team)
        assert [f["type"] for f in got] == ["message.new"]
        assert got[0]["message"]["conversation"] == conversation.pk
        await team.disconnect()

    run(scenario)


def test_ping_keeps_the_person_present(layer, client, learner):
    from messaging import presence

    learner_headers = session_cookie(client, learner)

    async def scenario():
        tab = socket(learner_headers)
        await connect(tab)
        await tab.send_json_to({"type": "ping"})
        assert await tab.receive_json_from(timeout=5) == {"type": "pong"}
        assert learner.pk in presence.online([learner.pk])
        await tab.disconnect()

    run(scenario)
    assert presence.online([learner.pk]) == set()


def test_edits_and_deletions_reach_the_other_side(
    layer, client, direct, learner, course_teacher, django_capture_on_commit_callbacks
):
    message = services.send_message(learner, direct, "опечтка")
    course_teacher_headers = session_cookie(client, course_teacher)

    async def scenario():
        from channels.db import database_sync_to_async

        tab = socket(course_teacher_headers)
        await connect(tab)

        def edit_then_delete():
            with django_capture_on_commit_callbacks(execute=True):
                services.edit_message(learner, message, "опечатка")
            with django_capture_on_commit_callbacks(execute=True):
                services.delete_message(learner, message)

        await database_sync_to_async(edit_then_delete)()
        got = await frames(tab)
        assert [f["type"] for f in got] == ["message.edited", "message.deleted", "unread"]
        assert got[0]["message"]["text"] == "опечатка"
        assert got[0]["message"]["edited_at"] is not None
        assert got[1]["message"]["text"] == ""
        assert got[1]["message"]["deleted_at"] is not None
        assert got[2]["unread"] == 0  # a deleted message is not waiting to be read
        await tab.disconnect()

    run(scenario)


def test_reading_through_the_socket(layer, client, direct, learner, course_teacher):
    message = services.send_message(learner, direct, "вопрос")
    course_teacher_headers = session_cookie(client, course_teacher)

    async def scenario():
        tab = socket(course_teacher_headers)
        assert (await connect(tab))["unread_total"] == 1
        await tab.send_json_to({"type": "read", "conversation": direct.pk})
        assert await frames(tab) == []  # (the receipt leaves on commit: the API tests show it)
        await tab.send_json_to({"type": "read", "conversation": 10**6})
        got = await frames(tab)
        assert {
            "type": "error",
            "code": "not_found",
            "detail": "Такой переписки нет.",
            "request": "read",
        } in got
        await tab.disconnect()

    run(scenario)
    from messaging.models import Participant

    seat = Participant.objects.get(conversation=direct, user=course_teacher)
    assert seat.last_read_message_id == message.pk
