from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScheduleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.schedule"
    label = "schedule"
    verbose_name = _("Groups and timetable")

    def ready(self) -> None:
        from accounts import students
        from courses import free_time

        from . import signals
        from .services import member_ids, tutors_with_hours

        # The calendar's cached windows follow the timetable's writes.
        signals.connect()

        # The members of a teacher's groups are that teacher's students.
        students.register("groups", member_ids)
        # The tutor list's "free on" filter reads the tutors' weekly hours.
        free_time.register(tutors_with_hours)
