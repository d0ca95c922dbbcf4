"""Comment threads on a lesson, a homework or a submission (later: reviews and videos).

The model moved here from learning.homework; its table kept its name (``homework_comment``,
explicit index names too), so moving it lost no rows and needed no database change.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A comment on exactly one of: a lesson, a homework, a submission; replies go one level deep.

    Who may read and write lives in permissions.py (can_read / can_write).
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

    class Meta:
        db_table = "homework_comment"  # the table it had in learning.homework
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(lesson__isnull=False, homework__isnull=True, submission__isnull=True)
                    | Q(lesson__isnull=True, homework__isnull=False, submission__isnull=True)
                    | Q(lesson__isnull=True, homework__isnull=True, submission__isnull=False)
                ),
                name="comment_on_exactly_one_target",
            ),
        ]
        indexes = [
            models.Index(fields=["lesson", "created_at"], name="homework_co_lesson__a65f8d_idx"),
            models.Index(fields=["homework", "created_at"], name="homework_co_homewor_38af5b_idx"),
            models.Index(
                fields=["submission", "created_at"], name="homework_co_submiss_e18015_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.created_at:%Y-%m-%d}"
