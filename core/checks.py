"""`manage.py check --deploy`: nothing a deployment shares may live in one process' memory.

Several web servers, workers and beat serve one site, so the cache (rate limits, lockouts,
the page cache and its generation counters, the Zoom breaker), sessions and the channel layer
must be shared services. A process may keep a read-through copy checked against shared
state on every use, never the only copy (README, "Production"; docs/architecture.md).
"""

from django.conf import settings
from django.core.cache.backends.dummy import DummyCache
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string

# Subclasses too: core.observability.cache wraps them to count hits and misses.
PROCESS_CACHES = (LocMemCache, DummyCache, FileBasedCache)
PROCESS_CHANNEL_LAYERS = ("channels.layers.InMemoryChannelLayer",)


@register(Tags.caches, deploy=True)
def shared_state(app_configs, **kwargs) -> list[Error]:
    errors = []
    for alias, config in settings.CACHES.items():
        if issubclass(import_string(config["BACKEND"]), PROCESS_CACHES):
            errors.append(
                Error(
                    f"The cache {alias!r} ({config['BACKEND']}) lives in one process (or on "
                    "one disk): other web servers and workers would not see it.",
                    hint="Set REDIS_URL (production.py uses it for the cache).",
                    id="ustat.E001",
                )
            )
    for alias, config in getattr(settings, "CHANNEL_LAYERS", {}).items():
        if config.get("BACKEND") in PROCESS_CHANNEL_LAYERS:
            errors.append(
                Error(
                    f"The channel layer {alias!r} is in memory: a message sent through one "
                    "process would not reach sockets held by another.",
                    hint="Set REDIS_URL or CHANNELS_REDIS_URL.",
                    id="ustat.E002",
                )
            )
    return errors
