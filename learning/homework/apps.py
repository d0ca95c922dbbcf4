from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeworkConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.homework"
    label = "homework"
    verbose_name = _("Homework")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from learning.enrollment import requirements

        from . import signals
        from .models import Homework, Submission
        from .services.final_test import final_test_passed

        post_save.connect(signals.homework_changed, sender=Homework, dispatch_uid="hw-kept")
        post_delete.connect(signals.homework_changed, sender=Homework, dispatch_uid="hw-kept-x")
        post_save.connect(signals.attempt_changed, sender=Submission, dispatch_uid="hw-person")
        post_delete.connect(signals.attempt_changed, sender=Submission, dispatch_uid="hw-person-x")

        # Enrollment sits below homework: passing the course's final test is a completion
        # requirement homework tells it about, rather than one enrollment asks for.
        requirements.register(final_test_passed)
