"""Groups, one-off and recurring lessons, exceptions to the rules, attendance, calendar feeds.

A RecurringLesson is a rule, not a lesson: its occurrences are expanded on the fly
(services/recurrence) and become a stored LiveLesson only when something is recorded against
one (starting it, attendance, homework).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def default_timezone() -> str:
    return settings.TIME_ZONE


class Group(models.Model):
    name = models.CharField(_("name"), max_length=200)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="teaching_groups",
    )
    students = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("students"),
        through="Membership",
        related_name="learning_groups",
        blank=True,
    )
    # Members of a group tied to a course get access to it (enrollment source "group").
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#2f6fed",
        help_text=_("Shown in the calendar, e.g. #2f6fed."),
    )
    # A code the teacher shares: whoever has it joins the group (None: joining by code is off).
    join_code = models.CharField(
        _("join code"), max_length=16, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "student"], name="unique_group_member")
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.student}"


def new_invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An offer to join a group sent to an e-mail address: only its addressee's "yes" makes
    them a member. Past ``expires_at`` a pending invitation can no longer be accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation", "Pending")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
        DECLINED = "declined", pgettext_lazy("invitation", "Declined")
        REVOKED = "revoked", pgettext_lazy("invitation", "Revoked")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="invitations"
    )
    # Stored as accounts.models.normalize_email spells it, like the users' addresses.
    email = models.EmailField(_("e-mail address"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # In the e-mail's link: having it proves the mailbox (see services.invitations).
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("group invitation")
        verbose_name_plural = _("group invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["email", "status"], name="schedule_invitation_addressee")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "email"],
                condition=Q(status="pending"),
                name="one_pending_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.email}"

    @property
    def is_expired(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at <= timezone.now()


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


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed; a new token revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


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
