"""Certificates of completion: issued once per learner and course, publicly verifiable by code.

A certificate keeps what it said on the day it was issued (the learner's name, the course's
title, its teacher and the final grade): renaming any of them later, or a later change of
grades, does not change an issued certificate.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .app_settings import app_settings

# Upper-case letters and digits without the look-alikes 0/O and 1/I/L: easy to read off paper
# and type into the verification form. 12 symbols of 31 are about 59 bits: not guessable.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


def normalize_code(code: str) -> str:
    """What a person typed (any case, spaces or dashes between groups) → the stored code."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def site_url() -> str:
    """The site's own origin for links printed on paper (no trailing slash)."""
    base = app_settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/")


class Certificate(models.Model):
    class Status(models.TextChoices):
        ISSUED = "issued", _("Valid")
        REVOKED = "revoked", _("Revoked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    # A deleted course page leaves its certificates verifiable: the snapshot below says it all.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    enrollment = models.ForeignKey(
        "enrollment.Enrollment",
        verbose_name=_("enrollment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    code = models.CharField(
        _("verification code"),
        max_length=CODE_LENGTH,
        unique=True,
        default=new_code,
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the certificate was issued automatically on completion."),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    # The snapshot printed on the certificate.
    learner_name = models.CharField(_("learner's name"), max_length=255)
    course_title = models.CharField(_("course title"), max_length=255)
    teacher_name = models.CharField(_("teacher's name"), max_length=255, blank=True)
    # The final grade when it was issued (learning.grades tells it: final_grade.py); empty for
    # a course with nothing graded and for certificates issued before grades existed.
    final_grade = models.DecimalField(
        _("final grade, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    final_mark = models.PositiveSmallIntegerField(_("final mark"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="issued"),
                name="one_issued_certificate_per_course",
            )
        ]
        indexes = [models.Index(fields=["user", "-issued_at"])]

    def __str__(self) -> str:
        return f"{self.learner_name} · {self.course_title} ({self.code})"

    @property
    def is_valid(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def display_code(self) -> str:
        """The code in groups of four, as printed: ABCD-EFGH-JKLM."""
        return "-".join(self.code[i : i + 4] for i in range(0, len(self.code), 4))

    def get_verification_path(self) -> str:
        return reverse("certificates:verify", kwargs={"code": self.code})

    def get_verification_url(self) -> str:
        return site_url() + self.get_verification_path()

    def get_pdf_path(self) -> str:
        return reverse("cabinet:certificate-pdf", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        return f"ustat-certificate-{self.code}.pdf"
