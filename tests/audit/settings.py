"""The production settings, served over plain HTTP on 127.0.0.1 for the browser checks.

`make audit` (Lighthouse) and the journeys (tests/e2e/journeys) serve the demo site with
gunicorn and these settings (tests/audit/server.py). The runner passes AUDIT_DATABASE_URL and
AUDIT_DIR; everything a developer's environment could point elsewhere (DATABASE_URL,
REDIS_URL, a Celery broker, S3) is set here after importing production.
"""

import os
from pathlib import Path

# production.py refuses to import without these; the real values are set below.
os.environ.setdefault("DJANGO_SECRET_KEY", "set-by-the-runner")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

from portal.settings.channels import CHANNELS_REDIS_URL, redis_channel_layer  # noqa: E402
from portal.settings.production import *  # noqa: E402, F403
from portal.settings.production import CONTENT_SECURITY_POLICY  # noqa: E402
from tests import served  # noqa: E402

AUDIT_DIR = Path(os.environ["AUDIT_DIR"])
SECRET_KEY = os.environ["AUDIT_SECRET_KEY"]  # one key for every gunicorn worker
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tests.audit.urls"

# A connection per request: the journeys put a fresh copy of the SQLite file in place
# between tests, and every request after that must open the new file.
DATABASES = served.database(os.environ["AUDIT_DATABASE_URL"])

# No Redis needed: each worker's own memory (the anonymous page cache still works as
# deployed, per worker); sessions in the database so every worker sees them.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Plain HTTP on 127.0.0.1, no TLS proxy in front: no redirect to https, and no CSP
# "upgrade-insecure-requests" (it would send every script and style request to https://).
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
CONTENT_SECURITY_POLICY["DIRECTIVES"].pop("upgrade-insecure-requests", None)
SITE_URL = WAGTAILADMIN_BASE_URL = os.environ.get("AUDIT_ORIGIN", "http://127.0.0.1")

# The messages socket's layer under a prefix of this site's own: two sites at once (two test
# runs, an audit beside the journeys) hold the same demo with the same conversation and
# people ids, and under one prefix each got the other's events.
CHANNEL_LAYERS = {
    "default": redis_channel_layer(
        CHANNELS_REDIS_URL, os.environ.get("AUDIT_CHANNELS_PREFIX", "audit")
    )
}

# Static files as in production (WhiteNoise, manifest), collected by the runner; media on
# local disk (served by tests/audit/urls.py, as S3 would serve it).
STATIC_ROOT = AUDIT_DIR / "static"
MEDIA_ROOT = AUDIT_DIR / "media"
PRIVATE_MEDIA_ROOT = AUDIT_DIR / "private"
STORAGES = served.storages(AUDIT_DIR, "whitenoise.storage.CompressedManifestStaticFilesStorage")

# Tasks never leave the process (no broker); mail goes nowhere.
CELERY_BROKER_URL = ""
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
