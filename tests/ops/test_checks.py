"""The portal's deployment checks (ops/checks.py): each warns on the mistake it names and is
registered for ``manage.py check --deploy``."""

from __future__ import annotations

import importlib

import pytest
from django.core.checks.registry import registry

from ops import checks

S3 = "storages.backends.s3.S3Storage"


def ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def test_every_check_runs_with_deploy_only():
    deploy = registry.get_checks(include_deployment_checks=True)
    always = registry.get_checks(include_deployment_checks=False)
    for check in (
        checks.check_private_storage,
        checks.check_beat_schedule,
        checks.check_webhook_secrets,
        checks.check_metrics,
    ):
        assert check in deploy and check not in always


def s3_private(**options):
    return {
        "default": {"BACKEND": S3},
        "private": {"BACKEND": S3, "OPTIONS": options},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_private_files_on_s3_must_be_private_and_signed(settings):
    settings.STORAGES = s3_private(default_acl="private", querystring_auth=True)
    assert checks.check_private_storage() == []
    settings.STORAGES = s3_private(default_acl="public-read", querystring_auth=True)
    assert ids(checks.check_private_storage()) == ["ops.W001"]
    settings.STORAGES = s3_private(default_acl="private", querystring_auth=False)
    assert ids(checks.check_private_storage()) == ["ops.W002"]
    settings.AWS_DEFAULT_ACL = None
    settings.STORAGES = s3_private()  # no ACL of its own: the bucket's default is not private
    assert ids(checks.check_private_storage()) == ["ops.W001"]


def test_the_portals_s3_settings_pass(settings, monkeypatch):
    """portal/settings/storage.py with a bucket name, as production builds it."""
    from portal.settings import storage

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "ustat-media")
    try:
        importlib.reload(storage)
        settings.STORAGES = storage.STORAGES
        settings.AWS_DEFAULT_ACL = storage.AWS_DEFAULT_ACL
        settings.AWS_QUERYSTRING_AUTH = storage.AWS_QUERYSTRING_AUTH
    finally:
        monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
        importlib.reload(storage)
    assert settings.STORAGES["private"]["BACKEND"] == S3
    assert checks.check_private_storage() == []


def test_the_beat_schedule_runs_each_task_once_and_only_real_tasks(settings):
    assert checks.check_beat_schedule() == []  # the portal's own schedule
    schedule = dict(settings.CELERY_BEAT_SCHEDULE)
    schedule["sweep-again"] = {"task": "learning.zoompool.tasks.sweep_pool", "schedule": 60}
    schedule["typo"] = {"task": "learning.zoompool.tasks.sweep_pol", "schedule": 60}
    settings.CELERY_BEAT_SCHEDULE = schedule
    assert ids(checks.check_beat_schedule()) == ["ops.W003", "ops.W004"]


@pytest.mark.parametrize(
    ("keys", "warning"),
    [
        ({"STRIPE_SECRET_KEY": "sk_test_1", "STRIPE_WEBHOOK_SECRET": ""}, "ops.W005"),
        ({"PAYPAL_CLIENT_ID": "id", "PAYPAL_WEBHOOK_ID": ""}, "ops.W006"),
        ({"YOOKASSA_SHOP_ID": "1", "YOOKASSA_NOTIFICATION_IPS": []}, "ops.W007"),
    ],
)
def test_a_gateway_with_keys_needs_its_webhook_secret(settings, keys, warning):
    settings.STRIPE_SECRET_KEY = settings.PAYPAL_CLIENT_ID = settings.YOOKASSA_SHOP_ID = ""
    assert checks.check_webhook_secrets() == []
    for name, value in keys.items():
        setattr(settings, name, value)
    assert ids(checks.check_webhook_secrets()) == [warning]


def test_metrics_need_a_long_token_and_a_shared_directory(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings.METRICS_TOKEN = "x" * 32
    assert checks.check_metrics() == []
    settings.METRICS_TOKEN = "short"
    assert ids(checks.check_metrics()) == ["ops.W008"]
    settings.METRICS_TOKEN = "x" * 32
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    assert ids(checks.check_metrics()) == ["ops.W009"]
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "missing"))
    assert ids(checks.check_metrics()) == ["ops.W010"]
