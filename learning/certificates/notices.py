"""The learner hears that their certificate is issued (once per certificate)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.services import notify

from .models import Certificate

KIND = "courses"  # ProfileSettings' "enrolments, new lessons, access and certificates" switch


def issued(certificate: Certificate) -> None:
    course = certificate.course
    language = course.locale.language_code if course is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        title = _("Your certificate for “%(course)s” is ready") % {
            "course": certificate.course_title
        }
        body = _(
            "Download the PDF from My certificates. Anyone can check it with the code "
            "%(code)s at %(link)s."
        ) % {"code": certificate.display_code, "link": certificate.get_verification_url()}
        url = reverse("cabinet:certificates")
    notify(certificate.user, KIND, title, body=body, url=url, key=f"certificate:{certificate.pk}")
