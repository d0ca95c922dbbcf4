from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment and progress")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts import students
        from core import memo, personal
        from courses import learners

        from . import permissions, services, signals  # noqa: F401
        from .models import Enrollment, LessonProgress

        def forget_enrollments(**kwargs) -> None:
            # A request that enrolls (or ends an enrollment) and then renders sees the change.
            memo.forget(permissions.MEMO)

        post_save.connect(forget_enrollments, sender=Enrollment, weak=False, dispatch_uid="e-memo")
        post_delete.connect(
            forget_enrollments, sender=Enrollment, weak=False, dispatch_uid="e-memo-x"
        )

        # What is kept about a person (core.personal) is made of their enrollments and progress.
        for model in (Enrollment, LessonProgress):
            post_save.connect(
                personal.changed_row, sender=model, dispatch_uid=f"person-{model.__name__}"
            )
            post_delete.connect(
                personal.changed_row, sender=model, dispatch_uid=f"person-{model.__name__}-x"
            )

        # courses asks who is enrolled and reports opened lessons through its registry.
        learners.register(
            is_enrolled=permissions.is_enrolled,
            lesson_opened=services.start_lesson,
            access_ended=services.access_ended,
        )
        # The people enrolled in a teacher's courses are that teacher's students.
        students.register("enrollment", services.learner_ids)
