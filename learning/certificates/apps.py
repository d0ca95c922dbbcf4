from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "learning.certificates"
    label = "certificates"
    verbose_name = _("Certificates")

    def ready(self) -> None:
        from learning.enrollment.services import enrollment_completed

        from . import signals

        enrollment_completed.connect(
            signals.enrollment_completed, dispatch_uid="certificates.issue_on_completion"
        )
