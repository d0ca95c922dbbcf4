from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import ratings
        from learning.enrollment.services import enrollment_completed
        from learning.schedule.services import attendance_marked

        from . import reading, signals
        from .app_settings import app_settings

        # Lower apps ask and tell; reviews answers and listens (docs/architecture.md).
        ratings.register(
            prior_weight=lambda: app_settings.REVIEWS_PRIOR_WEIGHT,
            distribution=lambda target: reading.summary(target).distribution,
        )
        enrollment_completed.connect(
            signals.enrollment_completed, dispatch_uid="reviews.invite_on_completion"
        )
        attendance_marked.connect(
            signals.attendance_marked, dispatch_uid="reviews.invite_after_lessons"
        )
