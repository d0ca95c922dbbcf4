"""Production: refuses to start without DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and REDIS_URL.

Behind a TLS-terminating proxy that sets X-Forwarded-Proto. `manage.py check --deploy`
passes with no warning given the variables listed in README.md, "Production".
"""

from core.observability import sentry

from .base import *  # noqa: F403
from .base import CONTENT_SECURITY_POLICY, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# allauth's rate limits and django-axes' counters must be shared by every web process.
REDIS_URL = env.str("REDIS_URL")
CACHES = {"default": {"BACKEND": "core.observability.cache.RedisCache", "LOCATION": REDIS_URL}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Persistent connections (health-checked in base.py): 15–25 % less CPU per rendered page in
# `make bench` than a new PostgreSQL connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers and orchestrators probe, and Prometheus scrapes each web host directly, over
# plain HTTP inside the network (README.md, "Operations").
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# The language cookie (set by the language switch and by visiting /ru/ or /en/ pages): only
# over HTTPS, not sent on cross-site requests, not readable by scripts (none needs it).
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True

# Static files straight from the app server, compressed and cache-busted.
# After the request-id/metrics and security middleware, before everything else.
_AFTER = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1
MIDDLEWARE = [
    *MIDDLEWARE[:_AFTER],
    "whitenoise.middleware.WhiteNoiseMiddleware",
    *MIDDLEWARE[_AFTER:],
]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

# JSON lines with the request id; a Celery worker logs through the same configuration.
LOGGING = logging_config(  # noqa: F405
    env.str("LOG_LEVEL", default="WARNING"), env.str("LOG_FORMAT", default="json")
)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

sentry.init(
    SENTRY_DSN,  # noqa: F405
    environment=SENTRY_ENVIRONMENT,  # noqa: F405
    traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,  # noqa: F405
)
