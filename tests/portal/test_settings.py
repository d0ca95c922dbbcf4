"""Project-level guarantees: deploy checks, security headers, migrations, translations."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

BASE_DIR = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + "-a-long-random-production-key-0123456789",
    "DJANGO_ALLOWED_HOSTS": "ustat.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DATABASE_URL": "sqlite:////tmp/ustat-deploy-check.sqlite3",
    "METRICS_TOKEN": "m" * 40,
    "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="ustat-test-prometheus-"),
}


def run_manage(*args, env_overrides=None, drop=()):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is theirs, never a deployment's.
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_state_kept_in_one_process():
    """Without Redis the embedded defaults keep the cache and the channel layer in memory:
    fine for one process, refused for a deployment (core/checks.py)."""
    env = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"],
        "DATABASE_URL": PRODUCTION_ENV["DATABASE_URL"],
    }
    drop = ("REDIS_URL", "CACHE_URL", "CHANNELS_REDIS_URL")
    result = run_manage("check", "--deploy", env_overrides=env, drop=drop)
    assert result.returncode != 0
    assert "ustat.E001" in result.stderr and "ustat.E002" in result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "REDIS_URL"])
def test_production_refuses_to_start_without_its_variables(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage("check", env_overrides=env, drop=(missing,))
    assert result.returncode != 0
    assert missing in result.stderr


def csp_directives(response) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(parts)


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get("/healthz")
    csp = csp_directives(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'"  # same-origin scripts only on the public site
    assert csp["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_only_the_wagtail_admin_allows_inline_scripts(client, admin_user):
    client.force_login(admin_user)
    assert csp_directives(client.get("/admin/"))["script-src"] == "'self' 'unsafe-inline'"
    assert csp_directives(client.get("/ru/cabinet/"))["script-src"] == "'self'"


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_russian_catalog_is_compiled_and_used():
    from django.utils import translation

    call_command("compile_translations", verbosity=0)
    assert (BASE_DIR / "locale/ru/LC_MESSAGES/django.mo").exists()
    with translation.override("ru"):
        assert translation.gettext("I am a student") == "Я ученик"
        assert translation.gettext("My cabinet") == "Личный кабинет"


def test_russian_catalog_is_complete():
    import polib

    catalog = polib.pofile(str(BASE_DIR / "locale/ru/LC_MESSAGES/django.po"))
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_no_secret_key_in_the_repository():
    for name in ("base.py", "dev.py", "production.py"):
        text = (BASE_DIR / "portal/settings" / name).read_text()
        assert "django-insecure" not in text
        assert 'SECRET_KEY = "' not in text
