from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy check of shared state
        from .ids import IdConverter  # the URL converter every app's routes may use: <id:pk>

        register_converter(IdConverter, "id")
