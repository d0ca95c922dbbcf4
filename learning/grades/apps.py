from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GradesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.grades"
    label = "grades"
    verbose_name = _("Grades")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from learning.certificates import final_grade as certificate_grade
        from learning.enrollment import requirements
        from learning.homework.models import Submission
        from learning.schedule.services import attendance_marked

        from . import completion
        from .models import Adjustment, GradingScheme

        # The apps below know nothing of grades: grades tells enrollment that the final grade
        # must reach the pass mark, tells certificates the grade to print, and re-checks
        # completion whenever the grade may have risen.
        requirements.register(completion.passes_by_scheme)
        certificate_grade.register(completion.final_grade_of)
        post_save.connect(
            completion.submission_saved, sender=Submission, dispatch_uid="grades.submission"
        )
        post_save.connect(
            completion.adjustment_saved, sender=Adjustment, dispatch_uid="grades.adjustment"
        )
        post_save.connect(
            completion.scheme_saved, sender=GradingScheme, dispatch_uid="grades.scheme"
        )
        attendance_marked.connect(completion.attendance_marked, dispatch_uid="grades.attendance")
