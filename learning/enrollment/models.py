"""Who learns what: enrollments, lesson progress and course page views."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import personal


class Enrollment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")

    class Source(models.TextChoices):
        FREE = "free", _("Free course")
        PURCHASE = "purchase", _("Purchase")
        MANUAL = "manual", _("Granted by staff")
        GROUP = "group", _("Group")

    # Statuses that open the course's lessons.
    OPEN = (Status.ACTIVE, Status.COMPLETED)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="enrollments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    archived_at = models.DateTimeField(
        _("moved to the archive at"),
        null=True,
        blank=True,
        help_text=_("Completed courses move to the learner's archive after 30 days."),
    )

    # update() tells what is kept about the people (core.personal), as save() does.
    objects = personal.PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="active"),
                name="one_active_enrollment_per_course",
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.course}"

    @property
    def has_lapsed(self) -> bool:
        """The end date has passed (whether or not the beat task has marked it yet)."""
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Its status opens the lessons (whether the end date has passed: has_lapsed)."""
        return self.status in self.OPEN

    @property
    def current_status(self) -> str:
        """The status as it stands now: an open enrollment past its end date is expired."""
        if self.status in self.OPEN and self.has_lapsed:
            return self.Status.EXPIRED
        return self.status

    def get_current_status_display(self) -> str:
        return str(self.Status(self.current_status).label)


class LessonProgress(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="progress"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    percent = models.PositiveSmallIntegerField(_("percent"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # update() tells what is kept about the people (core.personal), as save() does.
    objects = personal.PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="one_progress_per_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.lesson}: {self.percent}%"


class CourseView(models.Model):
    """One view of a course page, for the teacher's statistics. Written once, never updated."""

    class Device(models.TextChoices):
        DESKTOP = "desktop", _("Desktop")
        MOBILE = "mobile", _("Mobile")
        TABLET = "tablet", _("Tablet")
        BOT = "bot", _("Bot")

    course = models.ForeignKey("courses.CoursePage", on_delete=models.CASCADE, related_name="views")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    session_key = models.CharField(max_length=40, blank=True)
    # The time of the view, not of the write: views wait in a Redis buffer (view_buffer).
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    device = models.CharField(_("device"), max_length=8, choices=Device.choices)
    # The buffered view's own id: a batch written twice (a flush that died before dropping
    # it) still gives one row per view.
    key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("course view")
        verbose_name_plural = _("course views")
        indexes = [models.Index(fields=["course", "viewed_at"])]

    def __str__(self) -> str:
        return f"{self.course_id} @ {self.viewed_at:%Y-%m-%d %H:%M}"
