from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .ids import IdConverter  # the URL converter every app's routes may use: <id:pk>

        register_converter(IdConverter, "id")
