"""Each app declares its settings once, with their default and type, in ``app_settings.py``.

    class HomeworkSettings(AppSettings):
        HOMEWORK_MAX_UPLOAD_SIZE = Setting(int, 10 * 1024 * 1024)

    app_settings = HomeworkSettings()

Values are read from ``django.conf.settings`` on every access (so ``override_settings`` and
pytest-django's ``settings`` fixture work); the default applies when the project does not set
the name. ``portal/settings/`` reads the environment; this is where code reads settings.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django.conf import settings as django_settings

T = TypeVar("T")


class Setting(Generic[T]):
    def __init__(self, kind: type[T] | Any, default: T, doc: str = "") -> None:
        self.kind = kind
        self.default = default
        self.doc = doc
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: AppSettings | None, owner: type) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        return getattr(django_settings, self.name, self.default)


class AppSettings:
    """A namespace of ``Setting`` declarations; see the module docstring."""

    @classmethod
    def declared(cls) -> dict[str, Setting]:
        return {
            name: value
            for klass in reversed(cls.__mro__)
            for name, value in vars(klass).items()
            if isinstance(value, Setting)
        }


class CoreSettings(AppSettings):
    TRUSTED_PROXY_COUNT = Setting(
        int, 0, "proxies of ours in front of the site; X-Forwarded-For entries beyond are ignored"
    )
    METRICS_TOKEN = Setting(str, "", "bearer token of /metrics; unset: the endpoint is off (404)")
    CELERY_METRICS_PORT = Setting(int, 0, "a Celery worker serves its metrics here; 0: not served")


app_settings = CoreSettings()
