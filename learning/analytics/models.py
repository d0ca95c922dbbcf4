"""Daily aggregates of course page views: what the dashboards read instead of raw views.

``CourseViewDay`` is one row per course page and day (the site's time zone), rewritten whole
when its day is rolled up again. ``RolledUpDay`` notes which days were rolled up and when, so
pruning deletes raw views only of days rolled up after they ended, and a day whose raw views
are gone is never rolled up again (that would empty it).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseViewDay(models.Model):
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="view_days",
    )
    day = models.DateField(_("day"))
    # People's views; bots are counted apart and in none of the other figures.
    views = models.PositiveIntegerField(_("views"), default=0)
    # Distinct signed-in people or sessions (a view with neither counts as its own visitor).
    visitors = models.PositiveIntegerField(_("visitors"), default=0)
    desktop = models.PositiveIntegerField(_("desktop views"), default=0)
    mobile = models.PositiveIntegerField(_("mobile views"), default=0)
    tablet = models.PositiveIntegerField(_("tablet views"), default=0)
    bots = models.PositiveIntegerField(_("bot views"), default=0)
    # Views that came from another site or a campaign (utm_source), not typed in or internal.
    referred = models.PositiveIntegerField(_("referred views"), default=0)

    class Meta:
        verbose_name = _("course views per day")
        verbose_name_plural = _("course views per day")
        constraints = [
            models.UniqueConstraint(fields=["course", "day"], name="one_view_row_per_course_day")
        ]
        indexes = [models.Index(fields=["day"], name="analytics_view_day")]

    def __str__(self) -> str:
        return f"{self.course_id} {self.day}: {self.views}"


class RolledUpDay(models.Model):
    day = models.DateField(_("day"), unique=True)
    rolled_up_at = models.DateTimeField(_("rolled up at"))
    # Set once the raw views of the day are deleted: from then on the aggregates are all.
    pruned_at = models.DateTimeField(_("raw views deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("rolled-up day")
        verbose_name_plural = _("rolled-up days")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)
