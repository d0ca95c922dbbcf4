"""The Redis channel layer as production configures it (portal/settings/channels.py) keeps idle
sockets open, takes a burst of sockets at once, and drops no event of a busy server."""

import asyncio
import uuid

import pytest
from asgiref.sync import async_to_sync
from channels_redis.core import RedisChannelLayer
from channels_redis.utils import create_pool

from portal.settings.channels import redis_channel_layer

from ..conftest import skip_or_fail
from .test_socket import REDIS_URL


def layer_config(url: str = "redis://127.0.0.1:6379/0") -> dict:
    config = redis_channel_layer(url, prefix=f"test-{uuid.uuid4().hex}")
    assert config["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    return config["CONFIG"]


@pytest.fixture
def redis_layer() -> RedisChannelLayer:
    if not REDIS_URL:
        pytest.skip("Redis layer: runs under CI or with CHANNELS_TEST_REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        skip_or_fail(f"no Redis at {REDIS_URL}")
    layer = RedisChannelLayer(**layer_config(REDIS_URL))
    yield layer
    async_to_sync(layer.flush)()


def test_redis_reads_outlast_the_blocking_pop():
    # redis-py 8 times reads out after 5 s, the length of channels-redis' BZPOPMIN: every idle
    # socket was torn down with 1011 every 5 seconds.
    layer = RedisChannelLayer(**layer_config())
    pool = create_pool(layer.hosts[0])  # what the layer reads and writes through
    connection = pool.connection_class(**pool.connection_kwargs)  # not connected yet
    assert connection.socket_timeout > layer.brpop_timeout


def test_a_burst_of_events_for_one_server_is_not_dropped(redis_layer):
    # Every socket of a process shares one queue in Redis; past its capacity group_send drops
    # events without a word.
    async def scenario():
        channels = [await redis_layer.new_channel() for _ in range(10)]
        for channel in channels:
            await redis_layer.group_add("burst", channel)
        for n in range(300):
            await redis_layer.group_send("burst", {"type": "bench.event", "n": n})
        for channel in channels:
            got = [
                (await asyncio.wait_for(redis_layer.receive(channel), 5))["n"] for _ in range(300)
            ]
            assert got == list(range(300))

    async_to_sync(scenario)()


def test_many_sockets_join_at_once(redis_layer):
    # redis-py 8's pool refuses a connection past its size at once instead of waiting.
    async def scenario():
        channels = [f"{redis_layer.client_prefix}.socket!{n}" for n in range(300)]
        await asyncio.gather(
            *(redis_layer.group_add(f"group-{n}", c) for n, c in enumerate(channels))
        )
        await asyncio.gather(
            *(redis_layer.group_discard(f"group-{n}", c) for n, c in enumerate(channels))
        )

    async_to_sync(scenario)()
