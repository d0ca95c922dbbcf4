from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .ids import IdConverter  # the URL converter every app's routes may use: <id:pk>
        from .observability import celery_signals  # noqa: F401 (connects its receivers)
        from .observability.db import count_queries

        register_converter(IdConverter, "id")
        connection_created.connect(count_queries, dispatch_uid="core.count_queries")
