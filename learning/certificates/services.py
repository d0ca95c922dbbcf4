"""Issuing, revoking and restoring certificates (who may: permissions.py).

The web views, the API and the Celery task all go through these functions; each is one
transaction and safe to call twice.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from courses.models import CoursePage
from learning.enrollment.models import Enrollment

from . import notices
from .errors import CertificateConflict, CertificateError
from .final_grade import final_grade_of
from .models import Certificate, normalize_code
from .permissions import require_administer, require_manager

# A fresh code colliding with a stored one is a one-in-10^17 event; a few tries are plenty.
CODE_ATTEMPTS = 5

logger = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------------------
# Issuing


def _snapshot(user: User, course: CoursePage) -> dict:
    teacher = course.teacher
    percent, mark = final_grade_of(user, course)
    return {
        "learner_name": (user.get_full_name() or user.email)[:255],
        "course_title": course.title[:255],
        "teacher_name": (teacher.get_full_name() or teacher.email)[:255] if teacher else "",
        "final_grade": percent,
        "final_mark": mark,
    }


def _create(user: User, course: CoursePage, **fields) -> Certificate:
    """A new issued certificate; IntegrityError if one is already issued for this course."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    user=user, course=course, **{**_snapshot(user, course), **fields}
                )
        except IntegrityError:
            if _issued(user, course) is not None or attempt == CODE_ATTEMPTS - 1:
                raise
            # Otherwise the random code collided: draw another one.
    raise AssertionError("unreachable")  # pragma: no cover


def _issued(user: User, course: CoursePage) -> Certificate | None:
    return Certificate.objects.filter(
        user=user, course=course, status=Certificate.Status.ISSUED
    ).first()


@transaction.atomic
def issue_for_enrollment(enrollment: Enrollment) -> Certificate:
    """The certificate for a completed enrollment, made the first time and returned after.

    Idempotent: a retried task, a second completion of the same course or two workers at
    once end with one certificate. A certificate the teacher revoked stays revoked: completing
    the course again does not hand out a new one.
    """
    # Locking the enrollment makes concurrent calls for it wait for each other.
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("user", "course__teacher")
        .get(pk=enrollment.pk)
    )
    if enrollment.status != Enrollment.Status.COMPLETED:
        raise CertificateError(_("The course is not completed."))
    user, course = enrollment.user, enrollment.course
    existing = (
        Certificate.objects.filter(user=user, course=course)
        .order_by("status", "-issued_at")  # "issued" before "revoked"
        .first()
    )
    if existing is not None:
        return existing
    try:
        certificate = _create(
            user, course, enrollment=enrollment, issued_at=enrollment.completed_at or timezone.now()
        )
    except IntegrityError:
        return Certificate.objects.get(user=user, course=course, status=Certificate.Status.ISSUED)
    logger.info("Certificate %s issued for enrollment %s", certificate.pk, enrollment.pk)
    notices.issued(certificate)
    return certificate


@transaction.atomic
def issue_manually(course: CoursePage, user: User, by: User) -> tuple[Certificate, bool]:
    """The teacher or staff grant a certificate (e.g. for work done outside the site).

    Returns (certificate, created); the learner's issued certificate if there is one already.
    """
    require_manager(by, course)
    if not user.is_active:
        raise CertificateError(_("This account is deactivated."), field="user")
    existing = _issued(user, course)
    if existing is not None:
        return existing, False
    enrollment = (
        Enrollment.objects.filter(user=user, course=course, status__in=Enrollment.OPEN)
        .order_by("status")
        .first()
    )
    try:
        certificate = _create(user, course, enrollment=enrollment, issued_by=by)
    except IntegrityError:
        return Certificate.objects.get(
            user=user, course=course, status=Certificate.Status.ISSUED
        ), False
    logger.info("Certificate %s issued by user %s", certificate.pk, by.pk)
    notices.issued(certificate)
    return certificate, True


# ---------------------------------------------------------------------------------------------
# Revoking and restoring


@transaction.atomic
def revoke(certificate: Certificate, by: User, reason: str = "") -> Certificate:
    """The certificate stops being valid: its verification page says so from now on."""
    require_manager(by, certificate.course)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REVOKED:
        return certificate
    certificate.status = Certificate.Status.REVOKED
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revoked_reason = (reason or "").strip()
    certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
    logger.info("Certificate %s revoked by user %s", certificate.pk, by.pk)
    return certificate


@transaction.atomic
def restore(certificate: Certificate, by: User) -> Certificate:
    """Undo a revocation (the code becomes valid again), unless a newer one was issued since."""
    require_manager(by, certificate.course)
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.ISSUED:
        return certificate
    certificate.status = Certificate.Status.ISSUED
    certificate.revoked_at = None
    certificate.revoked_by = None
    certificate.revoked_reason = ""
    try:
        with transaction.atomic():
            certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revoked_reason"])
    except IntegrityError as error:
        raise CertificateConflict from error
    logger.info("Certificate %s restored by user %s", certificate.pk, by.pk)
    return certificate


# ---------------------------------------------------------------------------------------------
# The admin: staff with the certificates permission revoke (with a reason) and re-issue


def revoke_from_admin(certificate: Certificate, by: User, reason: str) -> Certificate:
    """Revoke with a reason the verification page shows the learner (the admin's form)."""
    require_administer(by)
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Say why the certificate is revoked."), field="reason")
    return revoke(certificate, by, reason)


@transaction.atomic
def reissue(certificate: Certificate, by: User) -> Certificate:
    """A new certificate in place of this one: a new code and a new PDF with today's names
    (the learner's corrected name, the course's current title). The old one is revoked,
    its reason naming the new code, so its verification page says it was replaced. The
    learner is told. Returns the new certificate.
    """
    require_administer(by)
    old = (
        # Only the certificate's row: PostgreSQL cannot lock the nullable side of a join.
        Certificate.objects.select_for_update(of=("self",))
        .select_related("user", "course")
        .get(pk=certificate.pk)
    )
    user, course = old.user, old.course
    current = _issued(user, course) if course is not None else None
    if current is not None and current.pk != old.pk:
        raise CertificateConflict
    snapshot = (
        {}
        if course is not None
        else {
            "learner_name": (user.get_full_name() or user.email)[:255],
            "course_title": old.course_title,
            "teacher_name": old.teacher_name,
        }
    )
    # The grade stays the one the course was completed with: a re-issue corrects names.
    snapshot |= {"final_grade": old.final_grade, "final_mark": old.final_mark}
    if old.status == Certificate.Status.ISSUED:
        old.status = Certificate.Status.REVOKED
        old.revoked_at = timezone.now()
        old.revoked_by = by
        old.save(update_fields=["status", "revoked_at", "revoked_by"])
    if course is None:
        new = Certificate.objects.create(
            user=user, course=None, enrollment=old.enrollment, issued_by=by, **snapshot
        )
    else:
        new = _create(user, course, enrollment=old.enrollment, issued_by=by, **snapshot)
    replaced = _("Re-issued as %(code)s.") % {"code": new.display_code}
    old.revoked_reason = f"{old.revoked_reason} {replaced}".strip()
    old.save(update_fields=["revoked_reason"])
    logger.info("Certificate %s re-issued as %s by user %s", old.pk, new.pk, by.pk)
    notices.issued(new)
    return new


# ---------------------------------------------------------------------------------------------
# Looking up


def find_by_code(code: str) -> Certificate | None:
    code = normalize_code(code)
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()


def cabinet_certificates(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(user=user).select_related("course").order_by("-issued_at")
