"""Who has a socket open, in the cache (Redis in production, so every server process shares it).

Each connection counts itself in (``connected``) and out (``disconnected``); the count expires
``MESSAGING_PRESENCE_SECONDS`` after the last sign of life (``heartbeat``: the page pings), so a
server that died with sockets open stops counting them as present soon after. The digest e-mail
(``services.digest``) skips people who are present.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache

from .app_settings import app_settings


def _key(user_id: int) -> str:
    return f"messaging:sockets:{user_id}"


def connected(user_id: int) -> None:
    key, ttl = _key(user_id), app_settings.MESSAGING_PRESENCE_SECONDS
    cache.add(key, 0, ttl)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, ttl)
    cache.touch(key, ttl)


def heartbeat(user_id: int) -> None:
    key = _key(user_id)
    if not cache.touch(key, app_settings.MESSAGING_PRESENCE_SECONDS):
        connected(user_id)


def disconnected(user_id: int) -> None:
    key = _key(user_id)
    try:
        if cache.decr(key) <= 0:
            cache.delete(key)
    except ValueError:  # already expired
        pass


def online(user_ids: Iterable[int]) -> set[int]:
    """Which of these people have a socket open now (one cache round trip)."""
    ids = list(user_ids)
    found = cache.get_many([_key(user_id) for user_id in ids])
    return {user_id for user_id in ids if (found.get(_key(user_id)) or 0) > 0}
