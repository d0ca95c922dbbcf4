"""The production settings, pointed at the bench's own database, Redis database and folders.

Everything the bench must control is set after importing production, so a developer's
environment or `.env` (DATABASE_URL, REDIS_URL, SEARCH_BACKEND, a bucket name…) can never
point the bench, and the database it drops, at something else.
"""

import os
import secrets
from pathlib import Path

# production.py refuses to import without these; the real values are set below.
# URL-safe: django-environ reads a value starting with "$" as the name of another variable,
# and Django's own random keys may start with one.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")

from portal.settings.channels import redis_channel_layer  # noqa: E402
from portal.settings.production import *  # noqa: E402, F403
from portal.settings.production import VAR_DIR, env  # noqa: E402

BENCH_DATABASE_URL = env.str(
    "BENCH_DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/ustat_bench"
)
BENCH_REDIS_URL = env.str("BENCH_REDIS_URL", default="redis://127.0.0.1:6379/13")
BENCH_DIR = Path(env.str("BENCH_DIR", default=str(VAR_DIR / "bench")))

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]  # the runner passes one key to every process
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.bench.urls"

DATABASES = {"default": env.db_url_config(BENCH_DATABASE_URL)}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# As in production: DATABASE_CONN_MAX_AGE (60 by default: a worker keeps its connection).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# The backend production uses (its redis-py client made once per pool, its hits counted).
CACHES = {
    "default": {
        "BACKEND": "core.observability.cache.RedisCache",
        "LOCATION": BENCH_REDIS_URL,
    }
}

# The channel layer (the messages socket) on the bench's Redis database as well, whatever
# REDIS_URL or CHANNELS_REDIS_URL say.
CHANNEL_LAYERS = {"default": redis_channel_layer(BENCH_REDIS_URL, "bench")}

# Plain HTTP on 127.0.0.1: no TLS proxy in front, so no redirect to https.
SECURE_SSL_REDIRECT = False

# Static files as in production (WhiteNoise, manifest storage), collected by the runner;
# media on local disk whatever the environment says about S3.
STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BENCH_DIR / "private"},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The embedded default search: PostgreSQL full-text through Wagtail's database backend.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env.str("SEARCH_CONFIG", default="russian"),
    },
}

# Tasks never leave the process (no broker in the bench); mail goes nowhere.
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
