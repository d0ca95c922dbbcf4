"""Who may see, issue and revoke certificates: the rules the services enforce."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.permissions import is_signed_in, is_staff, require
from courses.models import CoursePage
from courses.services import teaches

from .models import Certificate


def can_manage(user, course: CoursePage | None) -> bool:
    """Issue and revoke certificates of a course: its teacher, or staff."""
    if is_staff(user):
        return True
    return course is not None and teaches(user, course)


def require_manager(user, course: CoursePage | None) -> None:
    require(can_manage(user, course), _("Only the course's teacher or staff can do this."))


ADMIN_PERMISSION = "certificates.change_certificate"


def can_administer(user) -> bool:
    """Revoke and re-issue any certificate from the admin: staff with "Can change
    certificate" (superusers have it)."""
    return bool(is_staff(user) and user.is_active and user.has_perm(ADMIN_PERMISSION))


def require_administer(user) -> None:
    require(can_administer(user), _("Only staff allowed to manage certificates can do this."))


def can_view(user, certificate: Certificate) -> bool:
    """See the certificate in the cabinet and download its PDF: the learner, the teacher, staff."""
    if not is_signed_in(user):
        return False
    return certificate.user_id == user.pk or can_manage(user, certificate.course)


def visible_to(user) -> QuerySet[Certificate]:
    """Every certificate this person may see: their own, their courses' learners', all for staff."""
    certificates = Certificate.objects.all()
    if is_staff(user):
        return certificates
    if not is_signed_in(user):
        return certificates.none()
    return certificates.filter(Q(user=user) | Q(course__teacher=user) | Q(course__owner=user))
