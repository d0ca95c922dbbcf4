"""The demo homework (homework.yaml): a short test on the first lesson of the free Python course.

Looked up by its lesson and title before it is made.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction

from courses.models import CoursePage, LessonPage
from learning.homework.models import Choice, Homework, Question
from learning.homework.services import ensure_valid


def load_homework(data: dict[str, Any]) -> Homework | None:
    """The test on the course's first lesson (None while the course is not there)."""
    course = CoursePage.objects.filter(slug=data["course"], locale__language_code="ru").first()
    lesson = LessonPage.objects.child_of(course).order_by("path").first() if course else None
    if lesson is None:
        return None
    existing = Homework.objects.filter(lesson=lesson, title=data["title"]).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        homework = Homework.objects.create(
            title=data["title"],
            description=data["description"],
            owner_id=course.teacher_id,
            lesson=lesson,
            kind=data["kind"],
            max_attempts=data["max_attempts"],
            time_limit_minutes=data["time_limit_minutes"],
            pass_mark=data["pass_mark"],
            show_correct_answers=data["show_correct_answers"],
        )
        for order, spec in enumerate(data["questions"]):
            question = Question.objects.create(
                homework=homework,
                order=order,
                type=spec["type"],
                text=spec["text"],
                points=Decimal(spec["points"]),
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=c["text"], is_correct=c["correct"], order=n)
                for n, c in enumerate(spec["choices"])
            )
        ensure_valid(homework)
    return homework
