import os

import pytest
import redis

from tests.conftest import skip_or_fail

# A Redis database of its own (CI's broker uses 14 and 15).
REDIS_URL = os.environ.get("OPS_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_broker() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        skip_or_fail(f"no Redis at {REDIS_URL}")
    yield REDIS_URL
    redis.Redis.from_url(REDIS_URL).flushdb()
