"""A completed enrollment gets its certificate, from a Celery task once the data is committed."""

from django.db import transaction

from learning.enrollment.models import Enrollment

from .tasks import issue_certificate


def enrollment_completed(sender, enrollment: Enrollment, **kwargs) -> None:
    # The enrollment app sends this after its commit; on_commit also covers a sender that
    # is still inside a transaction (the task must see the completed row).
    enrollment_id = enrollment.pk
    transaction.on_commit(lambda: issue_certificate.delay(enrollment_id))
