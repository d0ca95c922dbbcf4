"""A tutor's weekly hours and date exceptions (free time = these minus their lessons)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .groups import default_timezone
from .timetable import RecurringLesson


class Availability(models.Model):
    """A tutor's weekly hours open for lessons, as wall-clock times in ``timezone``.

    Its ranges (``AvailabilityRange``) repeat every week; a date with exceptions
    (``AvailabilityException``) has those instead: the ranges they give, or none at all.
    Free time is these hours minus the tutor's timetable (``services.availability``).
    """

    tutor = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        on_delete=models.CASCADE,
        related_name="availability",
    )
    timezone = models.CharField(_("time zone"), max_length=64, default=default_timezone)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")

    def __str__(self) -> str:
        return str(self.tutor)


class AvailabilityRange(models.Model):
    """Every week on a weekday, from a wall-clock time to a later one the same day."""

    availability = models.ForeignKey(Availability, on_delete=models.CASCADE, related_name="ranges")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=RecurringLesson.Weekday.choices
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("to"))

    class Meta:
        verbose_name = _("available hours")
        verbose_name_plural = _("available hours")
        ordering = ["weekday", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="availability_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="availability_weekday_0_6"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class AvailabilityException(models.Model):
    """A date whose hours differ from the week's: a range with times, or (no times) a day off.

    Every exception of a date together replaces that weekday's ranges on it.
    """

    availability = models.ForeignKey(
        Availability, on_delete=models.CASCADE, related_name="exceptions"
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("availability exception")
        verbose_name_plural = _("availability exceptions")
        ordering = ["date", "start_time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(
                    start_time__isnull=False,
                    end_time__isnull=False,
                    end_time__gt=F("start_time"),
                ),
                name="availability_exception_day_off_or_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.availability} · {self.date}"
