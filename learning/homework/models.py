"""Homework, tests and control points: questions, choices, submissions and answers.

Who may take, open and grade a homework is in permissions.py; the rules (attempts, time
limits, grading) in the services package. Comments on a homework or a submission belong to the
comments app, which builds on this one.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from portal.storages import private_storage


class Homework(ClusterableModel):
    class Kind(models.TextChoices):
        HOMEWORK = "homework", pgettext_lazy("homework kind", "Homework")
        TEST = "test", _("Test")
        CONTROL_POINT = "control", _("Control point")

    class LatePolicy(models.TextChoices):
        ACCEPT = "accept", _("Accept late work (marked late)")
        REFUSE = "refuse", _("Refuse late work")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="homeworks",
    )
    lesson = models.ForeignKey(
        "courses.LessonPage",
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="homeworks",
    )
    # Filled from the lesson's course in save(); the final-test constraint needs it.
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="homeworks",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HOMEWORK)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=1, help_text=_("0 means unlimited attempts.")
    )
    time_limit_minutes = models.PositiveIntegerField(
        _("time limit, minutes"), null=True, blank=True
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark, %"), default=60, validators=[MaxValueValidator(100)]
    )
    show_correct_answers = models.BooleanField(
        _("show the correct answers after submission"), default=False
    )
    late_policy = models.CharField(
        _("late work"), max_length=6, choices=LatePolicy.choices, default=LatePolicy.ACCEPT
    )
    is_final_test = models.BooleanField(
        _("final test of the course"),
        default=False,
        help_text=_("Passing it is required to complete the course."),
    )
    # A member's community material carries a self-check test (the materials app): no lesson
    # or course, anyone signed in takes it while its material is published (``is_open``),
    # and it counts nowhere (no gradebook, no completion, no certificate).
    is_self_check = models.BooleanField(_("self-check test"), default=False, editable=False)
    is_open = models.BooleanField(_("open to every member"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("homework")
        verbose_name_plural = _("homework")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(is_final_test=True),
                name="one_final_test_per_course",
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100), name="homework_pass_mark_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(is_self_check=False) | Q(lesson__isnull=True, is_final_test=False),
                name="self_check_test_has_no_lesson",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.lesson_id is not None:
            self.course_id = self.lesson.course.pk
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "lesson" in update_fields:
                kwargs["update_fields"] = {*update_fields, "course"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.is_final_test and self.lesson_id is None:
            raise ValidationError(
                {"is_final_test": _("A final test must belong to a lesson of the course.")}
            )


class Question(ClusterableModel):
    class Type(models.TextChoices):
        TEXT = "text", _("Free text")
        SINGLE_CHOICE = "single", _("Single choice")
        MULTI_CHOICE = "multi", _("Multiple choice")
        NUMBER = "number", _("Number")
        FILE = "file", _("File")

    CHOICE_TYPES = (Type.SINGLE_CHOICE, Type.MULTI_CHOICE)
    AUTO_TYPES = (Type.SINGLE_CHOICE, Type.MULTI_CHOICE, Type.NUMBER)
    MANUAL_TYPES = (Type.TEXT, Type.FILE)
    # The admin's inline questions are dragged into order; modelcluster numbers them here.
    sort_order_field = "order"

    # ParentalKey: the admin builds questions (and their choices) inline in one form.
    homework = ParentalKey(
        Homework, verbose_name=_("homework"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("question"), help_text=_("Rich text (HTML) is allowed."))
    type = models.CharField(_("type"), max_length=6, choices=Type.choices, default=Type.TEXT)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=Decimal("1"))
    correct_number = models.DecimalField(
        _("correct number"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"),
        max_digits=18,
        decimal_places=6,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gte=0), name="question_points_not_negative"),
            models.CheckConstraint(
                condition=Q(tolerance__gte=0), name="question_tolerance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.homework_id} #{self.order}"


class Choice(models.Model):
    question = ParentalKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    sort_order_field = "order"
    text = models.CharField(_("text"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class Submission(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        # Closed without grading: a late submission the homework refuses (score 0).
        SUBMITTED = "submitted", _("Submitted")
        AUTO_GRADED = "auto_graded", _("Graded automatically")
        NEEDS_REVIEW = "needs_review", _("Waiting for the teacher")
        GRADED = "graded", _("Graded")
        RETURNED = "returned", _("Returned for rework")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="homework_submissions",
    )
    homework = models.ForeignKey(
        Homework, verbose_name=_("homework"), on_delete=models.CASCADE, related_name="submissions"
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    started_at = models.DateTimeField(_("started at"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    grade = models.DecimalField(
        _("grade, %"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), default=False)
    is_late = models.BooleanField(_("late"), default=False)
    teacher_comment = models.TextField(_("teacher's comment"), blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    graded_at = models.DateTimeField(_("graded at"), null=True, blank=True)
    notified_at = models.DateTimeField(_("student notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "homework"],
                condition=Q(status="in_progress"),
                name="one_attempt_in_progress",
            ),
            models.UniqueConstraint(
                fields=["student", "homework", "attempt"], name="unique_attempt_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.homework} #{self.attempt}"


class Answer(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    text = models.TextField(_("text"), blank=True)
    choices = models.ManyToManyField(Choice, verbose_name=_("chosen answers"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=6, null=True, blank=True
    )
    file = models.FileField(
        _("file"), upload_to="homework/%Y/%m/", storage=private_storage, blank=True
    )
    # None: not graded yet (free text and files wait for the teacher).
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, null=True, blank=True)
    feedback = models.TextField(_("teacher's feedback"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} · {self.question_id}"
