"""The admin's homework builder form: homework fields, questions and their choices in one form.

The readiness rules (points, correct answers, at least one question) live once in
services.validate_homework; the form runs them on the unsaved questions and choices.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.models import CoursePage, LessonPage
from courses.services import readable_lessons

from . import services
from .models import Homework


def lessons_for(user, current_lesson_id: int | None = None):
    """Lessons of the courses this person teaches (all for staff), each with its course's title.

    A lesson the homework already points at stays selectable, so a group's teacher editing
    someone else's homework can save it without moving it.
    """
    allowed = readable_lessons(user, LessonPage.objects.all())
    condition = Q(pk__in=allowed.values("pk")) if allowed is not None else Q(pk__in=[])
    if current_lesson_id is not None:
        condition |= Q(pk=current_lesson_id)
    # The course is the lesson's parent page: its path minus the last step.
    parent_path = Substr(OuterRef("path"), 1, Length(OuterRef("path")) - LessonPage.steplen)
    course_title = CoursePage.objects.filter(path=parent_path).values("title")[:1]
    return (
        LessonPage.objects.filter(condition)
        .defer_streamfields()
        .annotate(course_title=Subquery(course_title))
        .order_by("path")
    )


def lesson_label(lesson: LessonPage) -> str:
    course_title = getattr(lesson, "course_title", None)
    return f"{course_title} — {lesson.title}" if course_title else lesson.title


class HomeworkAdminForm(WagtailAdminModelForm):
    """Homework, its questions (InlinePanel) and each question's choices (nested InlinePanel)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lesson = self.fields.get("lesson")
        if lesson is not None:
            lesson.queryset = lessons_for(self.for_user, self.instance.lesson_id)
            lesson.label_from_instance = lesson_label
            lesson.help_text = _("Only lessons of the courses you teach are listed.")

    def clean(self):
        cleaned_data = super().clean()
        self._check_final_test(cleaned_data)
        questions = self.pending_questions()
        if questions is not None:
            for message in services.validate_homework(self.instance, questions):
                self.add_error(None, message)
        return cleaned_data

    def _check_final_test(self, cleaned_data) -> None:
        """One final test per course: the database refuses a second, say so on the form."""
        lesson = cleaned_data.get("lesson")
        if not (cleaned_data.get("is_final_test") and lesson is not None):
            return
        course_path = lesson.path[: -lesson.steplen]
        others = Homework.objects.filter(course__path=course_path, is_final_test=True)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "is_final_test",
                _("This course already has a final test: %(title)s.")
                % {"title": others.first().title},
            )

    def pending_questions(self):
        """The questions and choices as they will be saved, in order, or None while some of
        their forms are invalid (their own errors are shown first)."""
        formset = self.formsets.get("questions")
        if formset is None or not formset.is_valid():
            return None
        return [
            (form.instance, [choice.instance for choice in kept_forms(form.formsets["choices"])])
            for form in kept_forms(formset)
        ]

    def save(self, commit=True):
        if self.instance.pk is None and self.instance.owner_id is None and self.for_user:
            self.instance.owner = self.for_user
        return super().save(commit=commit)


def kept_forms(formset) -> list:
    """The formset's forms that will be saved, in their submitted order (no deleted or blank)."""
    if formset.can_order:
        return list(formset.ordered_forms)
    deleted = set(formset.deleted_forms) if formset.can_delete else set()
    return [
        form
        for index, form in enumerate(formset.forms)
        if form not in deleted and (index < formset.initial_form_count() or form.has_changed())
    ]
