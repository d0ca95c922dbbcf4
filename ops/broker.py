"""The Celery broker, asked directly: is it there, and how many tasks wait in each queue."""

from __future__ import annotations

from celery import current_app
from django.conf import settings

CONNECT_TIMEOUT = 2  # seconds: a probe or a scrape must not hang on a dead broker


def configured() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def queue_names() -> list[str]:
    """The default queue and any a route names."""
    names = {current_app.conf.task_default_queue}
    routes = current_app.conf.task_routes or {}
    if isinstance(routes, dict):
        names.update(r["queue"] for r in routes.values() if isinstance(r, dict) and "queue" in r)
    return sorted(names)


def _length(channel, queue: str) -> int:
    size = getattr(channel, "_size", None)  # kombu's virtual transports (Redis): LLEN, priorities
    if size is not None:
        return int(size(queue))
    return int(channel.queue_declare(queue=queue, passive=True).message_count)  # AMQP


def queue_lengths() -> dict[str, int]:
    """Tasks waiting per queue, read from the broker now; raises when it cannot be reached."""
    url = settings.CELERY_BROKER_URL
    with current_app.connection_for_read(url, connect_timeout=CONNECT_TIMEOUT) as connection:
        connection.connect()
        channel = connection.default_channel
        return {queue: _length(channel, queue) for queue in queue_names()}
