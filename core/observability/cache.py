"""Django's Redis and local-memory caches, counting hits and misses of every key read.

The settings name these backends (``portal/settings/base.py``, ``production.py``); a
``CACHE_URL`` chooses its own backend and is not counted.
"""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache as _LocMemCache
from django.core.cache.backends.redis import RedisCache as _RedisCache
from django.core.cache.backends.redis import RedisCacheClient

from .metrics import CACHE_GETS

_MISSING = object()
_HITS = CACHE_GETS.labels("hit")
_MISSES = CACHE_GETS.labels("miss")


class CountingCacheMixin:
    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        if value is _MISSING:
            _MISSES.inc()
            return default
        _HITS.inc()
        return value


class _ReusedClient(RedisCacheClient):
    """Django's Redis client, with redis-py's client object made once per connection pool
    instead of once per cache call (its constructor cost about as much CPU as the round trip).
    A redis-py client is safe to share between threads: each command takes a pooled
    connection."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_reused", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(CountingCacheMixin, _RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClient

    # Redis reads many keys in one round trip; the base get_many (locmem's) goes through get.
    def get_many(self, keys, version=None):
        keys = list(keys)
        found = super().get_many(keys, version)
        if found:
            _HITS.inc(len(found))
        if len(found) < len(keys):
            _MISSES.inc(len(keys) - len(found))
        return found


class LocMemCache(CountingCacheMixin, _LocMemCache):
    pass
