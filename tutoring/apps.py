from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TutoringConfig(AppConfig):
    name = "tutoring"
    verbose_name = _("Tutor requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses import levels_taught

        from . import services, signals
        from .models import Level
        from .services.levels import tutors_teaching

        services.request_posted.connect(signals.request_posted, dispatch_uid="tutoring.notify")
        levels_taught.register(Level.choices, tutors_teaching)
