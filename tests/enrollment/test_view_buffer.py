"""Course page views wait in Redis, off the request path, and beat writes each exactly once."""

import os
import threading
import uuid

import pytest
import redis
from django.db import connection
from django.utils import timezone

from learning.enrollment import tasks, view_buffer
from learning.enrollment.models import CourseView

from ..conftest import skip_or_fail
from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/12"


@pytest.fixture
def redis_cache(settings):
    prefix = f"views-{uuid.uuid4().hex}"
    server = redis.Redis.from_url(REDIS_URL)
    try:
        server.ping()
    except redis.ConnectionError:
        skip_or_fail(f"needs Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)


@pytest.fixture
def course(catalog):
    return CoursePageFactory(parent=catalog, title="Физика", price=0)


@pytest.mark.django_db
def test_a_view_waits_in_redis_until_the_flush_writes_it(client, course, redis_cache):
    learner = StudentFactory()
    client.force_login(learner)
    before = timezone.now()
    client.get(course.url + "?utm_source=newsletter", HTTP_USER_AGENT="Mozilla (iPhone) Mobi")
    after = timezone.now()
    assert not CourseView.objects.exists() and view_buffer.pending() == 1

    assert tasks.flush_course_views.delay().get() == 1
    view = CourseView.objects.get()
    assert (view.course_id, view.user, view.source, view.device) == (
        course.pk,
        learner,
        "newsletter",
        "mobile",
    )
    assert before <= view.viewed_at <= after  # the time of the view, not of the write
    assert view_buffer.pending() == 0


@pytest.mark.django_db
def test_a_batch_written_again_after_a_dead_flush_gives_one_row_per_view(
    client, course, redis_cache
):
    for _ in range(3):
        client.get(course.url)
    batch = view_buffer.take()
    view_buffer.write(batch)  # ...and the flush dies before dropping the batch
    assert CourseView.objects.count() == 3

    view_buffer.flush()
    assert CourseView.objects.count() == 3 and view_buffer.pending() == 0


@pytest.mark.django_db
def test_a_slow_flush_does_not_drop_the_next_batch(client, course, redis_cache):
    client.get(course.url)
    slow = view_buffer.take()
    view_buffer.write(slow)
    view_buffer.flush()  # another flush wrote the same batch again and dropped it
    client.get(course.url)
    assert view_buffer.take() != slow  # the next batch is being written now
    view_buffer.finish(slow)  # the slow flush ends late: the next batch must stay
    view_buffer.flush()
    assert CourseView.objects.count() == 2


@pytest.mark.django_db
def test_views_of_deleted_courses_go_and_deleted_people_are_forgotten(
    client, catalog, course, redis_cache
):
    gone = CoursePageFactory(parent=catalog, title="Закрытый курс", price=0)
    learner = StudentFactory()
    client.force_login(learner)
    client.get(course.url)
    client.get(gone.url)
    gone.delete()
    learner.delete()
    assert view_buffer.flush() == 1
    view = CourseView.objects.get()
    assert view.course_id == course.pk and view.user is None


@pytest.mark.django_db
def test_without_redis_a_view_is_written_at_once(client, course):
    assert not view_buffer.buffered()
    client.get(course.url)
    assert CourseView.objects.filter(course=course).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_flushes_write_every_view_once(postgres, catalog, redis_cache):
    course = CoursePageFactory(parent=catalog, title="Химия", price=0)
    for _ in range(300):
        view_buffer.push(CourseView(course_id=course.pk, device="desktop"))

    def flush():
        try:
            view_buffer.flush(size=7)
        finally:
            connection.close()

    threads = [threading.Thread(target=flush) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CourseView.objects.filter(course=course).count() == 300
    assert view_buffer.pending() == 0
