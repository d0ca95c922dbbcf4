"""Reviews of a course or a tutor, the reviewed person's reply, and readers' reports.

A course review belongs to the course, not to one translation of it: ``course`` is the page
it was written on and ``course_key`` that page's ``translation_key``, which every translation
shares, so the review shows (in the language it was written in) on each of them and a person
reviews a course once whatever language they read it in. A tutor review is about the person
(``tutor``, a user), so it shows on every translation of their tutor page.

Who may write, and every state change, live in services.py; the aggregates a visitor sees
(``CoursePage.average_rating``/``reviews_count``, ``TeacherProfile.rating``/``reviews_count``)
are written there, in the transaction that changes what they count.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MAX_TEXT = 5000


class Moderated(models.Model):
    """What a review and a reply share: a text that a moderator publishes or rejects."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    text = models.TextField(_("text"), max_length=MAX_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Shown to the author when rejected.
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When it was last published (the public order "newest" uses it).
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Review(Moderated):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="reviews_written",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    # The course's translation_key: the same on every translation (see the module docstring).
    course_key = models.UUIDField(
        _("course (all languages)"), null=True, blank=True, editable=False
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews_received",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    # The language it was written in (a locale's language code): shown as written everywhere.
    language = models.CharField(_("language"), max_length=8)
    # Editors pin reviews to the home page's "What learners say".
    pinned = models.BooleanField(_("pinned to the home page"), default=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(course__isnull=False, course_key__isnull=False, tutor__isnull=True)
                    | Q(course__isnull=True, course_key__isnull=True, tutor__isnull=False)
                ),
                name="review_of_a_course_or_a_tutor",
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
            models.UniqueConstraint(
                fields=["author", "course_key"],
                condition=Q(course_key__isnull=False),
                name="one_review_per_course",
            ),
            models.UniqueConstraint(
                fields=["author", "tutor"],
                condition=Q(tutor__isnull=False),
                name="one_review_per_tutor",
            ),
        ]
        indexes = [
            models.Index(fields=["course_key", "status", "-published_at"]),
            models.Index(fields=["tutor", "status", "-published_at"]),
            models.Index(fields=["status", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.rating}★ · {self.created_at:%Y-%m-%d}"


class ReviewReply(Moderated):
    """The reviewed teacher's one public answer to a review (moderated like reviews).

    Kept beside the comments app rather than in it: a reply is one per review, public and
    moderated, while comment threads are private to a course's people and unmoderated.
    """

    review = models.OneToOneField(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reply"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="review_replies",
    )

    class Meta:
        verbose_name = _("reply to a review")
        verbose_name_plural = _("replies to reviews")

    def __str__(self) -> str:
        return f"{self.author} → {self.review_id}"


class ReviewReport(models.Model):
    """A reader's complaint about a published review; open ones bring it to the queue."""

    review = models.ForeignKey(
        Review, verbose_name=_("review"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="review_reports",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    # Set when a moderator deals with the review (approves it again or rejects it).
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("report on a review")
        verbose_name_plural = _("reports on reviews")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "reporter"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.reporter} → {self.review_id}"
