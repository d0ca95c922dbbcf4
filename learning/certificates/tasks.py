"""Background work for certificates: issuing one when an enrollment completes."""

import logging

from celery import shared_task
from django.db import OperationalError

from learning.enrollment.models import Enrollment

from . import services
from .archive import archive
from .errors import CertificateError

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
)
def issue_certificate(enrollment_id: int) -> str | None:
    """Issue the certificate of a completed enrollment and store its PDF as issued
    (`archive.py`); returns its id (None if there is none).

    Safe to run twice (a retry, a redelivery after a worker died): the service returns the
    certificate made the first time.
    """
    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        logger.warning("No certificate: enrollment %s no longer exists", enrollment_id)
        return None
    try:
        certificate = services.issue_for_enrollment(enrollment)
    except CertificateError as error:
        # Refunded or expired between completion and now: nothing to certify.
        logger.info("No certificate for enrollment %s: %s", enrollment_id, error)
        return None
    if certificate.status == certificate.Status.ISSUED:
        archive(certificate)  # the record of what was issued (S3 in production)
    return str(certificate.pk)
