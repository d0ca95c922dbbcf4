"""`make scale-demo` as a test: the production settings as separate processes (two web
servers behind nginx, two Celery workers, beat, PostgreSQL, Redis, S3), flows across them
(tests/scale/run.py says which). About two minutes, so `make test` leaves it out: it runs
only with SCALE_DEMO=1, which `make scale-demo` (and so CI) sets."""

import os
import subprocess
import sys

import pytest

from ..conftest import IN_CI
from ..gunicorn import ROOT

pytestmark = pytest.mark.skipif(
    os.environ.get("SCALE_DEMO") != "1", reason="slow: run by `make scale-demo` (SCALE_DEMO=1)"
)


def test_the_scale_demo_passes():
    import redis

    try:
        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=2).ping()
    except redis.RedisError:
        if IN_CI:
            pytest.fail("Redis is not reachable at 127.0.0.1:6379 (required under CI)")
        pytest.skip("needs Redis at 127.0.0.1:6379")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_SETTINGS_MODULE")}
    # The demo sets its own settings module, database and Redis databases.
    for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(name, None)
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.scale.run"], cwd=ROOT, env=env, timeout=900, check=False
    )
    assert done.returncode == 0, "the scale demo failed: see its output and var/scale/"
