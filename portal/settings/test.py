"""Test settings: fast hasher, local-memory cache, eager tasks, media in a temporary folder.

DATABASE_URL (PostgreSQL under CI; SQLite in memory otherwise) and CELERY_BROKER_URL (the
real-worker test) still come from the environment, read by base.py.
"""

import tempfile

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

SECRET_KEY = get_random_secret_key()
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "core.observability.cache.LocMemCache"}}
# The socket tests choose their layer themselves (tests/messaging/test_socket.py: Redis too
# under CI); everything else publishes into memory.
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="ustat-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="ustat-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run in the test's process; the one real-worker test switches this off for itself.
CELERY_TASK_ALWAYS_EAGER = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
# Off, so query-count tests measure the real work; tests/home/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
