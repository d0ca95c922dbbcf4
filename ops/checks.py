"""The portal's own deployment checks, run by ``manage.py check --deploy`` (``make check-deploy``).

Each guards a mistake Django's checks cannot see: private files readable by anyone, a beat
schedule that runs a task twice or names one that does not exist, a payment gateway whose
webhooks cannot be verified, metrics nobody may read or every process counts alone.
"""

from __future__ import annotations

import os
from collections import Counter

from celery import current_app
from django.conf import settings
from django.core.checks import Tags, Warning, register

S3 = "storages.backends.s3.S3Storage"
PRIVATE_STORAGES = ("private",)
MIN_TOKEN_LENGTH = 32


@register(Tags.security, deploy=True)
def check_private_storage(app_configs=None, **kwargs) -> list[Warning]:
    """Private files on S3 must be private objects handed out by signed, expiring URLs."""
    problems = []
    for alias in PRIVATE_STORAGES:
        config = settings.STORAGES.get(alias, {})
        if config.get("BACKEND") != S3:
            continue
        options = config.get("OPTIONS", {})
        acl = options.get("default_acl", getattr(settings, "AWS_DEFAULT_ACL", None))
        if acl != "private":
            problems.append(
                Warning(
                    f"The {alias!r} storage stores S3 objects with ACL {acl!r}.",
                    hint='Set OPTIONS["default_acl"] = "private": learners\' work and '
                    "recordings must not be readable by their address.",
                    id="ops.W001",
                )
            )
        auth = options.get("querystring_auth", getattr(settings, "AWS_QUERYSTRING_AUTH", True))
        if not auth:
            problems.append(
                Warning(
                    f"The {alias!r} storage hands out unsigned S3 URLs.",
                    hint='Set OPTIONS["querystring_auth"] = True: signed URLs that expire.',
                    id="ops.W002",
                )
            )
    return problems


@register(Tags.compatibility, deploy=True)
def check_beat_schedule(app_configs=None, **kwargs) -> list[Warning]:
    """Each task in the beat schedule once, and each one a task the workers know."""
    schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", {}) or {}
    names = [entry.get("task") for entry in schedule.values()]
    problems = [
        Warning(
            f"The beat schedule runs {task!r} {count} times.",
            hint="Keep one entry per task: two entries run it twice as often, at once.",
            id="ops.W003",
        )
        for task, count in Counter(names).items()
        if count > 1
    ]
    current_app.loader.import_default_modules()  # autodiscovers every app's tasks.py
    problems += [
        Warning(
            f"The beat schedule names {task!r}, which is not a registered task.",
            hint="Fix the task's dotted name: beat would send it and no worker would run it.",
            id="ops.W004",
        )
        for task in dict.fromkeys(names)
        if task not in current_app.tasks
    ]
    return problems


# (the key that takes money, what verifies its events, why it matters, the check's id)
WEBHOOK_SECRETS = (
    (
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "Without it every Stripe event is refused and paid orders never complete.",
        "ops.W005",
    ),
    (
        "PAYPAL_CLIENT_ID",
        "PAYPAL_WEBHOOK_ID",
        "PayPal's webhook signatures are verified against it.",
        "ops.W006",
    ),
    (
        "YOOKASSA_SHOP_ID",
        "YOOKASSA_NOTIFICATION_IPS",
        "YooKassa's notifications are accepted only from those addresses.",
        "ops.W007",
    ),
)


@register(Tags.security, deploy=True)
def check_webhook_secrets(app_configs=None, **kwargs) -> list[Warning]:
    """A gateway that takes money must be able to verify what it says happened."""
    return [
        Warning(f"{key} is set but {secret} is not.", hint=hint, id=check_id)
        for key, secret, hint, check_id in WEBHOOK_SECRETS
        if getattr(settings, key) and not getattr(settings, secret)
    ]


@register(Tags.security, deploy=True)
def check_metrics(app_configs=None, **kwargs) -> list[Warning]:
    """Metrics readable by Prometheus only, and summed over every worker process."""
    problems = []
    token = settings.METRICS_TOKEN
    if len(token) < MIN_TOKEN_LENGTH:
        problems.append(
            Warning(
                "METRICS_TOKEN is not set or shorter than 32 characters.",
                hint="Set a long random token: /metrics is off without one, guessable with a "
                "short one. Prometheus sends it as a bearer token.",
                id="ops.W008",
            )
        )
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if not directory:
        problems.append(
            Warning(
                "PROMETHEUS_MULTIPROC_DIR is not set.",
                hint="With several gunicorn workers each scrape would see one worker's "
                "counts. Point it at an empty directory, emptied when the service starts.",
                id="ops.W009",
            )
        )
    elif not (os.path.isdir(directory) and os.access(directory, os.W_OK)):
        problems.append(
            Warning(
                f"PROMETHEUS_MULTIPROC_DIR ({directory}) is not a writable directory.",
                id="ops.W010",
            )
        )
    return problems
