"""Course page views kept in Redis until beat writes them, so a page view costs no INSERT.

With the shared cache on Redis (production), ``record_view`` pushes one JSON line per view to
a Redis list. ``flush()`` (beat, every minute) moves a batch of lines to a processing list in
one atomic step, writes them with ``bulk_create(ignore_conflicts=True)`` keyed by each line's
own id (``CourseView.key``, unique), and only then drops the processing list. A flush that dies
between the write and the drop leaves the batch where the next flush takes it again, and the
unique keys make every view a row exactly once. Without Redis (the embedded defaults) each
view is written at once, as before.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone

from courses.models import CoursePage

from .models import CourseView

BUFFER = "course-views:buffer"
PROCESSING = "course-views:processing"
BATCH = 1000

# Resume the batch a dead flush left, else move up to ARGV[1] lines from the buffer.
_TAKE = """
local taken = redis.call('LRANGE', KEYS[2], 0, -1)
if #taken > 0 then return taken end
taken = redis.call('LRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)
if #taken == 0 then return taken end
redis.call('LTRIM', KEYS[1], #taken, -1)
redis.call('RPUSH', KEYS[2], unpack(taken))
return taken
"""
# Drop the processing list only if it still holds this batch: a slower flush that wrote the
# same batch again must not drop the next one.
_FINISH = """
if redis.call('LINDEX', KEYS[1], 0) == ARGV[1] then redis.call('DEL', KEYS[1]) end
"""


def _client():
    """The redis-py client behind the default cache, or None when it is not Redis."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def _key(name: str) -> str:
    return caches["default"].make_key(name)


def buffered() -> bool:
    return _client() is not None


def push(row: CourseView) -> None:
    """Keep an unsaved view for the next flush; written at once when there is no Redis."""
    client = _client()
    if client is None:
        row.save()
        return
    line = {
        "key": uuid.uuid4().hex,
        "course": row.course_id,
        "user": row.user_id,
        "session": row.session_key,
        "source": row.source,
        "device": row.device,
        "at": (row.viewed_at or timezone.now()).isoformat(),
    }
    client.rpush(_key(BUFFER), json.dumps(line, separators=(",", ":")))


def take(size: int = BATCH) -> list[bytes]:
    client = _client()
    if client is None:
        return []
    keys = [_key(BUFFER), _key(PROCESSING)]
    return client.eval(_TAKE, 2, *keys, size)


def write(batch: list[bytes]) -> int:
    """Rows for the batch's views, skipping courses deleted since (their views went with
    them) and forgetting people deleted since (as the foreign key's SET_NULL would)."""
    lines = [json.loads(raw) for raw in batch]
    courses = set(
        CoursePage.objects.filter(pk__in={line["course"] for line in lines}).values_list(
            "pk", flat=True
        )
    )
    user_ids = {line["user"] for line in lines if line["user"]}
    users = set(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", flat=True))
    rows = [
        CourseView(
            key=uuid.UUID(line["key"]),
            course_id=line["course"],
            user_id=line["user"] if line["user"] in users else None,
            session_key=line["session"],
            source=line["source"],
            device=line["device"],
            viewed_at=datetime.fromisoformat(line["at"]),
        )
        for line in lines
        if line["course"] in courses
    ]
    CourseView.objects.bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)
    return len(rows)


def finish(batch: list[bytes]) -> None:
    client = _client()
    if client is not None and batch:
        client.eval(_FINISH, 1, _key(PROCESSING), batch[0])


def flush(size: int = BATCH, limit: int = 100) -> int:
    """Write what the buffer holds, batch by batch (at most ``limit`` batches a run); the
    number of views written (a resumed batch's counted again)."""
    written = 0
    for _ in range(limit):
        batch = take(size)
        if not batch:
            break
        written += write(batch)
        finish(batch)
    return written


def pending() -> int:
    client = _client()
    if client is None:
        return 0
    return client.llen(_key(BUFFER)) + client.llen(_key(PROCESSING))
