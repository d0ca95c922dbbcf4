"""One-off and recurring lessons, exceptions to the rules, attendance.

A RecurringLesson is a rule, not a lesson: its occurrences are expanded on the fly
(services/recurrence) and become a stored LiveLesson only when something is recorded against
one (starting it, attendance, homework).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .groups import Group, default_timezone


class RecurringLesson(models.Model):
    """A weekly rule: every (upper / lower / every) week on a weekday, between two dates.

    Upper and lower weeks alternate; the week (Monday to Sunday) that contains start_date is
    an upper week. Times are wall-clock times in ``timezone``, so a DST change keeps them.
    """

    class WeekType(models.TextChoices):
        ALL = "all", _("Every week")
        UPPER = "upper", _("Upper weeks")
        LOWER = "lower", _("Lower weeks")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="rules"
    )
    # Copied from the group so a teacher's rules are found (and checked for clashes) at once.
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="lesson_rules",
    )
    title = models.CharField(_("title"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    week_type = models.CharField(
        _("weeks"),
        max_length=5,
        choices=WeekType.choices,
        default=WeekType.ALL,
        help_text=_(
            "Upper and lower weeks alternate; the week containing the start date is an upper week."
        ),
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    start_date = models.DateField(_("first date"))
    end_date = models.DateField(_("repeat until"))
    timezone = models.CharField(_("time zone"), max_length=64, default=default_timezone)
    homework = models.ForeignKey(
        "homework.Homework",
        verbose_name=_("homework"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lesson_rules",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recurring lesson")
        verbose_name_plural = _("recurring lessons")
        ordering = ["weekday", "start_time", "pk"]
        indexes = [
            models.Index(fields=["teacher", "start_date", "end_date"]),
            # Everyone's rules in a window (reminders, the pool's planning) skip ended ones.
            models.Index(fields=["end_date"], name="schedule_rule_end_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="rule_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="rule_until_after_start"
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="rule_weekday_0_6"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LessonException(models.Model):
    """One occurrence of a rule cancelled or moved, the rule itself untouched."""

    rule = models.ForeignKey(
        RecurringLesson,
        verbose_name=_("recurring lesson"),
        on_delete=models.CASCADE,
        related_name="exceptions",
    )
    # The date the occurrence would have had by the rule (in the rule's time zone).
    original_date = models.DateField(_("date by the rule"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    new_start = models.DateTimeField(_("moved to: start"), null=True, blank=True)
    new_end = models.DateTimeField(_("moved to: end"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson exception")
        verbose_name_plural = _("lesson exceptions")
        # Occurrences moved into a window are found by their new time.
        indexes = [models.Index(fields=["new_start"], name="schedule_exception_new_start")]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "original_date"], name="one_exception_per_occurrence"
            ),
            models.CheckConstraint(
                condition=Q(cancelled=True)
                | Q(new_start__isnull=False, new_end__isnull=False, new_end__gt=F("new_start")),
                name="exception_cancels_or_moves",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} · {self.original_date}"


class LiveLesson(models.Model):
    """One lesson at a time: a one-off lesson, or an occurrence of a rule made concrete."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="lessons"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="live_lessons",
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    # Set when the lesson is an occurrence of a rule; (rule, occurrence_date) is unique.
    rule = models.ForeignKey(
        RecurringLesson,
        verbose_name=_("recurring lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="occurrences",
    )
    occurrence_date = models.DateField(_("date by the rule"), null=True, blank=True)
    homework = models.ForeignKey(
        "homework.Homework",
        verbose_name=_("homework"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_lessons",
    )
    zoom_meeting_id = models.CharField(_("Zoom meeting id"), max_length=32, blank=True)
    zoom_meeting_uuid = models.CharField(max_length=64, blank=True)
    start_url = models.URLField(_("start URL"), max_length=2000, blank=True)
    start_url_fetched_at = models.DateTimeField(null=True, blank=True)
    join_url = models.URLField(_("join URL"), max_length=2000, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("live lesson")
        verbose_name_plural = _("live lessons")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["teacher", "start"]),
            models.Index(fields=["group", "start"]),
            models.Index(fields=["zoom_meeting_id"]),
            # Everyone's lessons in a window: reminders, the pool's capacity planning.
            models.Index(fields=["start"], name="schedule_lesson_start"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="lesson_ends_after_start"),
            models.UniqueConstraint(
                fields=["rule", "occurrence_date"],
                condition=Q(rule__isnull=False),
                name="one_lesson_per_occurrence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.start:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        LATE = "late", _("Late")
        EXCUSED = "excused", _("Excused")

    lesson = models.ForeignKey(
        LiveLesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="attendance"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PRESENT
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "student"], name="one_attendance_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} · {self.student}: {self.status}"
