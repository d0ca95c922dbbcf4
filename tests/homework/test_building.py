"""Creating and changing homework through the services: permission, all-or-none, regrading."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.errors import NotAllowed
from learning.homework import services
from learning.homework.models import Homework, Question

from ..factories import TeacherFactory

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {
        "text": "2 + 2?",
        "type": Question.Type.SINGLE_CHOICE,
        "points": Decimal("1"),
        "choices": [{"text": "4", "is_correct": True}, {"text": "5", "is_correct": False}],
    },
    {"text": "Почему?", "type": Question.Type.TEXT, "points": Decimal("2")},
]


def test_the_course_teacher_creates_homework_with_questions(lesson, teacher):
    homework = services.create_homework(teacher, lesson, {"title": "Сложение"}, QUESTIONS)
    assert homework.owner == teacher and homework.course == lesson.course
    assert [(q.order, q.text, q.choices.count()) for q in homework.questions.all()] == [
        (1, "2 + 2?", 2),
        (2, "Почему?", 0),
    ]


def test_another_teacher_cannot_create_or_change_it(lesson, teacher):
    stranger = TeacherFactory()
    with pytest.raises(NotAllowed):
        services.create_homework(stranger, lesson, {"title": "Чужое"}, QUESTIONS)
    homework = services.create_homework(teacher, lesson, {"title": "Своё"}, QUESTIONS)
    with pytest.raises(NotAllowed):
        services.update_homework(stranger, homework, {"title": "Взлом"})
    homework.refresh_from_db()
    assert homework.title == "Своё"


def test_invalid_questions_leave_nothing_behind(lesson, teacher):
    no_correct = [{**QUESTIONS[0], "choices": [{"text": "4", "is_correct": False}]}]
    with pytest.raises(ValidationError):
        services.create_homework(teacher, lesson, {"title": "Сломанное"}, no_correct)
    assert not Homework.objects.filter(title="Сломанное").exists()
    assert not Question.objects.exists()


def test_fixing_the_correct_choice_regrades_handed_in_work(lesson, teacher, learner):
    homework = services.create_homework(teacher, lesson, {"title": "Сложение"}, QUESTIONS[:1])
    question = homework.questions.get()
    four, five = question.choices.order_by("order")
    attempt = services.start_attempt(learner, homework)
    services.save_answers(attempt, {question.pk: five.pk})
    assert services.submit(attempt).grade == 0

    fixed = [
        {
            "id": question.pk,
            "text": "2 + 2?",
            "type": Question.Type.SINGLE_CHOICE,
            "points": Decimal("1"),
            "choices": [
                {"id": four.pk, "text": "4", "is_correct": False},
                {"id": five.pk, "text": "5", "is_correct": True},
            ],
        }
    ]
    services.update_homework(teacher, homework, {}, fixed)
    attempt.refresh_from_db()
    assert attempt.grade == 100 and attempt.passed
