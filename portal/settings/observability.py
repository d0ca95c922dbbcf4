"""Logs, metrics and error reports (README.md, "Operations")."""

from .environment import env

# JSON lines in production (set there), text in development; every line has its request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")


def logging_config(level: str, fmt: str) -> dict:
    formatters = {
        "json": {"()": "core.observability.logs.JsonFormatter"},
        "text": {
            "()": "core.observability.logs.RedactingFormatter",
            "format": "%(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "core.observability.request_id.RequestIdFilter"}},
        "formatters": {"main": formatters[fmt]},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "axes": {"level": "WARNING"},
            "wagtail": {"level": "WARNING"},
            "django_tasks": {"level": "WARNING"},
        },
    }


LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)

# Prometheus: /metrics answers only a bearer of this token (unset: 404). A Celery worker with
# CELERY_METRICS_PORT serves its own figures there, behind the same token.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)

# Sentry: only initialised when set (production.py), with no personal data sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
# The environment Sentry files the reports under (production, staging).
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
# The share of requests Sentry traces for performance, 0 to 1 (0: errors only).
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
