"""Messages over the socket: deliveries per second and delay with 200 clients, on Redis.

    .venv/bin/python -m tests.bench.messages [--people 200] [--size 10] [--seconds 12]
        [--rounds 3] [--no-docs]

1. A fresh PostgreSQL database (BENCH_MESSAGES_DATABASE_URL; else BENCH_DATABASE_URL's server
   with "_messages" added to the name; by default postgres://postgres@127.0.0.1:5432/
   ustat_bench_messages; its name must contain "bench": dropped first and afterwards), its
   tables made from the models (seconds, where the migrations take a minute here), and
   ``--people`` people in groups of ``--size`` (a teacher and members), each group with its
   conversation (``services.start_group``).
2. daphne serves this module's ``application`` (the production settings of tests/bench/
   settings.py: PostgreSQL, the channel layer and cache on Redis database 14, prefix "bench"):
   the site's ASGI application (``portal.asgi``: origin check, session and JWT sign-in, the
   real ``/ws/messages/`` consumer), plus ``/ws/bench/relay/``: a bare consumer that joins a
   room's channel-layer group and relays every frame it gets to the group.
3. Every person opens both sockets: ``/ws/messages/`` signed in with a JWT access token
   (``?token=``) and the relay in their group's room.
4. One sender per conversation, in turn for the two targets (``--rounds`` slices each): send a
   message, wait until each participant's socket (the author's too) has it, send the next.
   Messages: ``services.send_message`` in a sender process (``--sender``; the same database
   and Redis layer; the service publishes on commit, daphne's consumers forward). Relay: the
   author's socket sends a frame, the relay consumer ``group_send``s it. The delay of a
   message runs from the moment the bench asks for the send to the moment the last
   participant's socket has it.
5. Prints messages and deliveries per second, p50/p95/max delay and daphne's CPU per
   message, the real consumer against the relay as ratios, and rewrites the part of
   docs/benchmarks.md between the "bench:messages" markers (unless --no-docs). A message not
   delivered to everyone within 10 s fails the run.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ustat_bench_messages"
REDIS_URL = os.environ.get("BENCH_MESSAGES_REDIS_URL", "redis://127.0.0.1:6379/14")
RELAY_PATH = "/ws/bench/relay/"
LOST_AFTER = 10.0  # seconds: a message not everywhere by then is lost


# --- The server side: the baseline consumer and the application daphne serves ----------------


class RelayConsumer(AsyncWebsocketConsumer):
    """The bare baseline: no sign-in, no database; a frame goes to the room's group as is."""

    async def connect(self) -> None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.room = f"bench-relay-{int(query.get('room', ['0'])[0])}"
        await self.channel_layer.group_add(self.room, self.channel_name)
        await self.accept()

    async def disconnect(self, code) -> None:
        await self.channel_layer.group_discard(self.room, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None) -> None:
        await self.channel_layer.group_send(self.room, {"type": "relay", "text": text_data})

    async def relay(self, event: dict) -> None:
        await self.send(text_data=event["text"])


def _application():
    from channels.routing import URLRouter
    from django.urls import path

    from portal.asgi import application as site  # sets Django up

    relay = URLRouter([path(RELAY_PATH.lstrip("/"), RelayConsumer.as_asgi())])

    async def application(scope, receive, send):
        if scope["type"] == "websocket" and scope["path"] == RELAY_PATH:
            return await relay(scope, receive, send)
        return await site(scope, receive, send)

    return application


def __getattr__(name: str):
    # daphne imports "tests.bench.messages:application"; it is built then, once Django's
    # settings are in the environment (this module is also the runner and the sender).
    if name == "application":
        globals()["application"] = _application()
        return globals()["application"]
    raise AttributeError(name)


# --- Set-up ------------------------------------------------------------------------------------


def database_url() -> str:
    if url := os.environ.get("BENCH_MESSAGES_DATABASE_URL"):
        return url
    if url := os.environ.get("BENCH_DATABASE_URL"):
        base, name = url.rsplit("/", 1)
        return url if "messages" in name else f"{base}/{name}_messages"
    return DEFAULT_URL


def environment(url: str) -> dict[str, str]:
    """What the runner, daphne and the sender share (one secret key: the tokens' signature)."""
    return {
        "DJANGO_SETTINGS_MODULE": "tests.bench.settings",
        "BENCH_DATABASE_URL": url,
        "BENCH_REDIS_URL": REDIS_URL,
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    }


def setup_django() -> None:
    import logging

    import django

    django.setup()
    logging.disable(logging.WARNING)


def make_tables() -> None:
    """Tables straight from the models (as tests.bench.schedule does): the bench needs the
    schema, not the data migrations, and the migrations take a minute on a busy machine."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from .schedule import _NoMigrations

    if connection.vendor == "postgresql":  # bookings' exclusion constraint (its migration's)
        with connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    settings.MIGRATION_MODULES = _NoMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)


def seed(people: int, size: int) -> list[dict]:
    """Groups of ``size`` (a teacher and members) with their conversations; per conversation
    its id and its participants' ids and access tokens."""
    from accounts.models import User
    from accounts.tokens import tokens_for
    from learning.schedule.models import Group, Membership
    from messaging import services

    users = User.objects.bulk_create(  # no signals: a teacher gets no tutor page here
        User(
            email=f"bench-{n}@messages.bench",
            first_name="Участник",
            last_name=str(n),
            role=User.Role.TEACHER if n % size == 0 else User.Role.STUDENT,
            password="!",  # an unusable password: tokens only
        )
        for n in range(people)
    )
    rooms = []
    for start in range(0, people, size):
        teacher, *members = users[start : start + size]
        group = Group.objects.create(name=f"Группа {start // size + 1}", teacher=teacher)
        Membership.objects.bulk_create(Membership(group=group, student=m) for m in members)
        conversation, _created = services.start_group(teacher, group)
        everyone = [teacher, *members]
        rooms.append(
            {
                "conversation": conversation.pk,
                "people": [u.pk for u in everyone],
                "tokens": [tokens_for(u)["access"] for u in everyone],
            }
        )
    return rooms


def drop_database(url: str, *, create: bool = False) -> None:
    from .zoompool import _database

    _database(url, drop_only=not create)


def flush_redis() -> None:
    import redis

    with contextlib.suppress(redis.RedisError):
        redis.Redis.from_url(REDIS_URL).flushdb()


# --- The sender process --------------------------------------------------------------------


def sender() -> None:
    """Reads "<conversation> <author> <text>" lines; sends each with ``services.send_message``
    from a pool of threads (one per conversation at most in flight). Errors go to stderr."""
    from concurrent.futures import ThreadPoolExecutor

    setup_django()
    from django.conf import settings

    from accounts.models import User
    from messaging import services
    from messaging.models import Conversation

    settings.MESSAGING_RATE_LIMIT = 10**9  # the bench sends far faster than a person may
    conversations = {c.pk: c for c in Conversation.objects.all()}
    users = {u.pk: u for u in User.objects.all()}

    def send(conversation_id: int, author_id: int, text: str) -> None:
        try:
            services.send_message(users[author_id], conversations[conversation_id], text)
        except Exception as error:  # noqa: BLE001 - reported; the runner counts it as lost
            sys.stderr.write(f"send failed: {type(error).__name__}: {error}\n")

    sys.stdout.write("ready\n")
    sys.stdout.flush()
    with ThreadPoolExecutor(max_workers=len(conversations)) as pool:
        for line in sys.stdin:
            conversation_id, author_id, text = line.rstrip("\n").split(" ", 2)
            pool.submit(send, int(conversation_id), int(author_id), text)


if __name__ == "__main__":
    if "--sender" in sys.argv:
        sender()
    else:
        from .messages_run import main

        sys.exit(main())
