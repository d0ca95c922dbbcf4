from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment and progress")

    def ready(self) -> None:
        from accounts import students
        from courses import learners

        from . import permissions, services, signals  # noqa: F401

        # courses asks who is enrolled and reports opened lessons through its registry.
        learners.register(
            is_enrolled=permissions.is_enrolled,
            lesson_opened=services.start_lesson,
            access_ended=services.access_ended,
        )
        # The people enrolled in a teacher's courses are that teacher's students.
        students.register("enrollment", services.learner_ids)
