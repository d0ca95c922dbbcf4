from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.homework"
    label = "homework"
    verbose_name = _("Homework")

    def ready(self) -> None:
        from learning.enrollment import requirements

        from .services.final_test import final_test_passed

        # Enrollment sits below homework: passing the course's final test is a completion
        # requirement homework tells it about, rather than one enrollment asks for.
        requirements.register(final_test_passed)
