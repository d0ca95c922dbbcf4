"""Settings of the gunicorn server that test_zoom_outage_live.py starts: the test settings,
pointed at that test's PostgreSQL database, a Redis cache the workers share (as production
has), the local Zoom stand-in, and the test's short Zoom limits. All from the environment the
test sets; nothing here is meant for a deployment."""

import json
import os

from portal.settings.test import *  # noqa: F403

SECRET_KEY = os.environ["OUTAGE_SECRET_KEY"]  # the test's own: its sessions and tokens work
DATABASES = {"default": json.loads(os.environ["OUTAGE_DATABASE"])}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["OUTAGE_REDIS_URL"],
        "KEY_PREFIX": os.environ["OUTAGE_CACHE_PREFIX"],
    }
}
ZOOM_API_BASE_URL = os.environ["OUTAGE_ZOOM_URL"] + "/v2"
ZOOM_OAUTH_URL = os.environ["OUTAGE_ZOOM_URL"] + "/oauth/token"
for _name, _value in json.loads(os.environ.get("OUTAGE_ZOOMPOOL", "{}")).items():
    globals()[_name] = _value
