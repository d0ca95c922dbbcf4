"""Demo homework for `make run`: a short test on the first lesson of the free Python course.

Idempotent: the test is looked up by its lesson and title before it is made.
"""

from decimal import Decimal

from django.db import transaction

from courses.models import CoursePage, LessonPage

from .models import Choice, Homework, Question
from .services import ensure_valid

TITLE = "Проверьте себя: переменные и типы"

QUESTIONS = [
    (
        Question.Type.SINGLE_CHOICE,
        "<p>Какой тип у значения <code>3.5</code> в Python?</p>",
        "1",
        [("int", False), ("float", True), ("str", False)],
    ),
    (
        Question.Type.MULTI_CHOICE,
        "<p>Какие из имён можно дать переменной?</p>",
        "2",
        [("price", True), ("total_sum", True), ("2nd_value", False), ("class", False)],
    ),
    (
        Question.Type.TEXT,
        "<p>Объясните своими словами, чем список отличается от кортежа.</p>",
        "2",
        [],
    ),
]


def load_homework_demo() -> Homework | None:
    """A three-question test on the first lesson of "Python с нуля" (None without the course)."""
    course = CoursePage.objects.filter(slug="python-basics", locale__language_code="ru").first()
    lesson = LessonPage.objects.child_of(course).order_by("path").first() if course else None
    if lesson is None:
        return None
    existing = Homework.objects.filter(lesson=lesson, title=TITLE).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        homework = Homework.objects.create(
            title=TITLE,
            description=(
                "Три вопроса по первому уроку: два проверяются сразу, один — преподавателем."
            ),
            owner_id=course.teacher_id,
            lesson=lesson,
            kind=Homework.Kind.TEST,
            max_attempts=3,
            time_limit_minutes=15,
            pass_mark=60,
            show_correct_answers=True,
        )
        for order, (kind, text, points, choices) in enumerate(QUESTIONS):
            question = Question.objects.create(
                homework=homework, order=order, type=kind, text=text, points=Decimal(points)
            )
            Choice.objects.bulk_create(
                Choice(question=question, text=label, is_correct=correct, order=n)
                for n, (label, correct) in enumerate(choices)
            )
        ensure_valid(homework)
    return homework
