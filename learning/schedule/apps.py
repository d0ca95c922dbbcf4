from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.schedule"
    label = "schedule"
    verbose_name = _("Groups and timetable")

    def ready(self) -> None:
        from accounts import students

        from .services import member_ids

        # The members of a teacher's groups are that teacher's students.
        students.register("groups", member_ids)
