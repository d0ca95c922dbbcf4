"""A learner's booking of one free slot of a tutor: a trial or a paid single lesson.

Two active bookings (requested or confirmed) of one tutor never overlap: a database
guarantee. On PostgreSQL an exclusion constraint over the booking's time range
(``btree_gist`` for the tutor's equality) refuses any overlap; SQLite has no exclusion
constraints, so there a partial unique constraint on (tutor, start) refuses the exact same
slot (bookings start on the tutor's slot grid, so the same slot is what two learners race
for). The service also checks the slot against the tutor's free time under a row lock.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.db import connections, models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from courses.models import Currency

ACTIVE = ("requested", "confirmed")


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint made on PostgreSQL only (elsewhere the unique fallback holds;
    see the module's notes): no SQL, and nothing to validate, on other databases."""

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using="default"):
        if connections[using].vendor != "postgresql":
            return
        super().validate(model, instance, exclude=exclude, using=using)


class Booking(models.Model):
    class Kind(models.TextChoices):
        TRIAL = "trial", _("Trial lesson")
        SINGLE = "single", _("Single lesson")

    class Status(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("booking", "Requested")
        CONFIRMED = "confirmed", pgettext_lazy("booking", "Confirmed")
        DECLINED = "declined", pgettext_lazy("booking", "Declined")
        LAPSED = "lapsed", pgettext_lazy("booking", "Lapsed")
        CANCELLED = "cancelled", pgettext_lazy("booking", "Cancelled")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.CASCADE,
        related_name="booked",
    )
    tutor_page = models.ForeignKey(
        "courses.TutorPage",
        verbose_name=_("tutor page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.RUB
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    # Past it an unconfirmed booking lapses (unpaid: the payment hold; paid or free: the
    # tutor's time to confirm, never later than the start).
    deadline = models.DateTimeField(_("confirm by"))
    order = models.OneToOneField(
        "payments.Order",
        verbose_name=pgettext_lazy("purchase", "order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking",
    )
    group = models.ForeignKey(
        "schedule.Group",
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lesson = models.ForeignKey(
        "schedule.LiveLesson",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-start", "-pk"]
        indexes = [
            models.Index(fields=["tutor", "status", "start"]),
            models.Index(fields=["learner", "start"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="booking_price_not_negative"),
            models.CheckConstraint(
                condition=~Q(learner=F("tutor")), name="booking_not_with_oneself"
            ),
            # Both databases: one active booking per tutor and start.
            models.UniqueConstraint(
                fields=["tutor", "start"],
                condition=Q(status__in=ACTIVE),
                name="one_active_booking_per_tutor_slot",
            ),
            # PostgreSQL: no two active bookings of a tutor overlap at all.
            PostgresExclusionConstraint(
                name="bookings_of_a_tutor_never_overlap",
                expressions=[
                    (TsTzRange("start", "end"), RangeOperators.OVERLAPS),
                    ("tutor", RangeOperators.EQUAL),
                ],
                condition=Q(status__in=ACTIVE),
            ),
            # One trial per learner and tutor, unless it was declined, lapsed or cancelled.
            models.UniqueConstraint(
                fields=["learner", "tutor"],
                condition=Q(kind="trial", status__in=ACTIVE),
                name="one_trial_per_learner_and_tutor",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.start:%Y-%m-%d %H:%M}"
        return f"{self.get_kind_display()} · {self.learner} → {self.tutor} · {when}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE

    @property
    def is_paid_kind(self) -> bool:
        return self.price > 0

    @property
    def lesson_key(self) -> str:
        """The confirmed lesson's timetable key (``lesson:<id>``), "" before."""
        return f"lesson:{self.lesson_id}" if self.lesson_id is not None else ""
