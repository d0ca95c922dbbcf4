"""Comment threads on a lesson, a homework, a submission or a tutor's video post; likes on
comments and readers' reports on them.

The model moved here from learning.homework; its table kept its name (``homework_comment``,
explicit index names too), so moving it lost no rows and needed no database change.
"""

import operator
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The fields a comment's target can be in; exactly one of them is set.
TARGET_FIELDS = ("lesson", "homework", "submission", "video")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    return reduce(
        operator.or_,
        (Q(**{f"{field}__isnull": field != chosen for field in fields}) for chosen in fields),
    )


class Comment(models.Model):
    """A comment on exactly one of: a lesson, a homework, a submission, a video post; replies go
    one level deep.

    Who may read and write lives in permissions.py (can_read / can_write). ``like_count`` is
    kept by services.set_like (F() updates beside the CommentLike rows); ``hidden_at`` is set by
    the post's tutor or a moderator (services.set_hidden).
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    homework = models.ForeignKey(
        "homework.Homework",
        verbose_name=_("homework"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    submission = models.ForeignKey(
        "homework.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    video = models.ForeignKey(
        "courses.TutorVideoPage",
        verbose_name=_("video post"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    text = models.TextField(_("text"), max_length=5000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        db_table = "homework_comment"  # the table it had in learning.homework
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_exactly_one(TARGET_FIELDS),
                name="comment_on_exactly_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["lesson", "created_at"], name="homework_co_lesson__a65f8d_idx"),
            models.Index(fields=["homework", "created_at"], name="homework_co_homewor_38af5b_idx"),
            models.Index(
                fields=["submission", "created_at"], name="homework_co_submiss_e18015_idx"
            ),
            models.Index(fields=["video", "created_at"], name="comment_video_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d}"


class CommentLike(models.Model):
    """One person likes one comment (at most once: the constraint settles races)."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="likes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("liked by"),
        on_delete=models.CASCADE,
        related_name="comment_likes",
    )
    created_at = models.DateTimeField(_("liked"), auto_now_add=True)

    class Meta:
        verbose_name = _("like of a comment")
        verbose_name_plural = _("likes of comments")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="one_comment_like_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.comment_id}"


class CommentReport(models.Model):
    """A reader's complaint about a comment; open ones bring it to the moderators' listing."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.CASCADE,
        related_name="comment_reports",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    # Set when a moderator deals with the comment (hides it, restores it or keeps it).
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("report on a comment")
        verbose_name_plural = _("reports on comments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="one_comment_report_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reporter} → {self.comment_id}"
