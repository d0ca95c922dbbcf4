"""Where each person left off in each library video, so the player resumes there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PlaybackPosition"]


class PlaybackPosition(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="video_positions",
        verbose_name=_("user"),
    )
    media = models.ForeignKey(
        "courses.CourseMedia",
        on_delete=models.CASCADE,
        related_name="playback_positions",
        verbose_name=_("video"),
    )
    seconds = models.FloatField(_("position, seconds"), default=0)
    # As the browser reported it: the library's own duration is whole seconds, or unknown.
    duration = models.FloatField(_("duration, seconds"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("playback position")
        verbose_name_plural = _("playback positions")
        constraints = [
            models.UniqueConstraint(fields=["user", "media"], name="videos_position_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.media_id}: {self.seconds:.0f} s"
