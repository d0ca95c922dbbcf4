"""A learner's request for a tutor, its weekly time windows, tutors' offers and their times.

Times are wall-clock: a request's windows in the learner's time zone (``TutorRequest.
timezone``), an offer's weekly times in the tutor's (``Offer.timezone``, their availability's
zone when the offer was made), as the timetable's weekly rules are.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.choices import Currency
from learning.schedule.models import RecurringLesson, default_timezone

Weekday = RecurringLesson.Weekday


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    EXAM = "exam", _("Exam preparation")


class Format(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("One-to-one")
    GROUP = "group", _("In a group")
    HOMEWORK = "homework_help", _("Homework help")


class TutorRequest(models.Model):
    """What a learner wants taught: tutors answer it with offers until it closes or expires."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("request", "Open")
        CLOSED = "closed", pgettext_lazy("request", "Closed")
        EXPIRED = "expired", pgettext_lazy("request", "Expired")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="tutor_requests",
    )
    subject = models.ForeignKey(
        "courses.Category",
        verbose_name=_("subject"),
        on_delete=models.PROTECT,
        related_name="tutor_requests",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    goal = models.TextField(_("goal"), max_length=2000)
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.ONE_TO_ONE
    )
    budget = models.DecimalField(
        _("budget per hour"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB
    )
    language = models.CharField(_("language of lessons"), max_length=8, choices=settings.LANGUAGES)
    timezone = models.CharField(_("time zone"), max_length=64, default=default_timezone)
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(_("created"), default=now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("tutor request")
        verbose_name_plural = _("tutor requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "expires_at"]),
            models.Index(fields=["learner", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.subject} · {self.learner}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > now()


class RequestWindow(models.Model):
    """Every week on a weekday, a span of time the learner could study (their time zone)."""

    request = models.ForeignKey(TutorRequest, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("time window")
        verbose_name_plural = _("time windows")
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="request_window_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class Offer(models.Model):
    """A tutor's answer to a request: a message, a price and weekly times."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(TutorRequest, on_delete=models.CASCADE, related_name="offers")
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.CASCADE,
        related_name="tutor_offers",
    )
    message = models.TextField(_("message"), max_length=2000)
    price = models.DecimalField(
        _("price per hour"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB
    )
    timezone = models.CharField(_("time zone"), max_length=64, default=default_timezone)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    # The one-person group made from the accepted offer (``services.schedule_from_offer``).
    group = models.ForeignKey(
        "schedule.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=now)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "tutor"], name="one_offer_per_tutor"),
        ]

    def __str__(self) -> str:
        return f"{self.tutor} → {self.request}"


class OfferTime(models.Model):
    """A weekly time the tutor proposes, within their weekly hours (their time zone)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="times")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="offer_time_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class TutorLevel(models.Model):
    """A level a tutor says they teach; a tutor with none is matched on every level."""

    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.CASCADE,
        related_name="teaching_levels",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)

    class Meta:
        verbose_name = _("level taught")
        verbose_name_plural = _("levels taught")
        constraints = [
            models.UniqueConstraint(fields=["tutor", "level"], name="one_tutor_level_each"),
        ]

    def __str__(self) -> str:
        return self.get_level_display()
