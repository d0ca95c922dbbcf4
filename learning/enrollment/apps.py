from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment and progress")

    def ready(self) -> None:
        from . import signals  # noqa: F401
