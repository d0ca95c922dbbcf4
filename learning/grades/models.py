"""A course's grading scheme, the teacher's adjustments to a learner's grades (overrides and
excuses) and the history of every change to them.

The grades themselves are not stored: they are computed from the homework's submissions and
the timetable's attendance each time (``services.gradebook``), so they never go stale. An
item is named by a key: ``homework:<id>``, ``lesson:<live lesson id>`` or ``final``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .computation import Category, Missing, Rules

PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class GradingScheme(models.Model):
    """How a course's final grade is made. A course without one uses ``default_rules()``."""

    class MissingWork(models.TextChoices):
        ZERO = Missing.ZERO.value, _("Counts as zero")
        AFTER_DUE = Missing.AFTER_DUE.value, _("Counts as zero once the due date has passed")
        IGNORED = Missing.IGNORED.value, _("Does not count")

    # One scheme per course, shared by its translations (looked up by translation key).
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="grading_scheme",
    )
    weight_homework = models.PositiveSmallIntegerField(
        _("homework weight, %"), default=40, validators=PERCENT
    )
    weight_tests = models.PositiveSmallIntegerField(
        _("tests weight, %"), default=20, validators=PERCENT
    )
    weight_control_points = models.PositiveSmallIntegerField(
        _("control points weight, %"), default=30, validators=PERCENT
    )
    weight_attendance = models.PositiveSmallIntegerField(
        _("attendance weight, %"), default=10, validators=PERCENT
    )
    drop_lowest_homework = models.PositiveSmallIntegerField(_("drop lowest homework"), default=0)
    drop_lowest_tests = models.PositiveSmallIntegerField(_("drop lowest tests"), default=0)
    drop_lowest_control_points = models.PositiveSmallIntegerField(
        _("drop lowest control points"), default=0
    )
    missing_work = models.CharField(
        _("missing work"),
        max_length=9,
        choices=MissingWork.choices,
        default=MissingWork.AFTER_DUE,
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark, %"), default=50, validators=PERCENT)
    mark_5_from = models.PositiveSmallIntegerField(_("“5” from, %"), default=85, validators=PERCENT)
    mark_4_from = models.PositiveSmallIntegerField(_("“4” from, %"), default=70, validators=PERCENT)
    mark_3_from = models.PositiveSmallIntegerField(_("“3” from, %"), default=50, validators=PERCENT)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grading scheme")
        verbose_name_plural = _("grading schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    weight_homework=100
                    - F("weight_tests")
                    - F("weight_control_points")
                    - F("weight_attendance")
                ),
                name="grading_weights_sum_to_100",
            ),
            models.CheckConstraint(
                condition=Q(mark_5_from__lte=100)
                & Q(mark_5_from__gte=F("mark_4_from"))
                & Q(mark_4_from__gte=F("mark_3_from")),
                name="grading_cutoffs_ordered",
            ),
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="grading_pass_mark_100"),
        ]

    def __str__(self) -> str:
        return str(self.course)

    def rules(self) -> Rules:
        return Rules(
            weights={
                Category.HOMEWORK: self.weight_homework,
                Category.TESTS: self.weight_tests,
                Category.CONTROL_POINTS: self.weight_control_points,
                Category.ATTENDANCE: self.weight_attendance,
            },
            drop_lowest={
                Category.HOMEWORK: self.drop_lowest_homework,
                Category.TESTS: self.drop_lowest_tests,
                Category.CONTROL_POINTS: self.drop_lowest_control_points,
            },
            missing=Missing(self.missing_work),
            pass_mark=self.pass_mark,
            cutoffs=(self.mark_5_from, self.mark_4_from, self.mark_3_from),
        )


def default_rules() -> Rules:
    """The scheme of a course whose teacher has set none: the fields' defaults."""
    return GradingScheme().rules()


class Adjustment(models.Model):
    """A teacher's say on one learner's item in a course: an override, an excuse, or both."""

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="grade_adjustments"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_adjustments"
    )
    item = models.CharField(_("item"), max_length=40)
    # The percentage that replaces the computed one; None: no override.
    override = models.DecimalField(
        _("override, %"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    excused = models.BooleanField(_("excused"), default=False)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grade adjustment")
        verbose_name_plural = _("grade adjustments")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student", "item"], name="one_adjustment_per_item"
            ),
            models.CheckConstraint(
                condition=Q(override__isnull=True) | Q(override__gte=0, override__lte=100),
                name="adjustment_override_0_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course_id} · {self.student_id} · {self.item}"


class GradeChange(models.Model):
    """One change to an adjustment, kept for the teacher to read: who, when, from, to, why."""

    class Field(models.TextChoices):
        OVERRIDE = "override", _("Override")
        EXCUSED = "excused", _("Excused")

    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="grade_changes"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grade_changes"
    )
    item = models.CharField(_("item"), max_length=40)
    field = models.CharField(_("what"), max_length=8, choices=Field.choices)
    old_value = models.CharField(_("from"), max_length=20, blank=True)
    new_value = models.CharField(_("to"), max_length=20, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grade change")
        verbose_name_plural = _("grade changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["course", "student", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.item}: {self.old_value} → {self.new_value}"
