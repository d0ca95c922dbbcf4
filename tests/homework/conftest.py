from decimal import Decimal

import pytest

from learning.enrollment.models import Enrollment
from learning.homework import services
from learning.homework.models import Question

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from .factories import ChoiceFactory, HomeworkFactory, QuestionFactory


@pytest.fixture
def course(catalog, teacher):
    return CoursePageFactory(parent=catalog, title="Физика", teacher=teacher, price=0)


@pytest.fixture
def lesson(course):
    return LessonPageFactory(parent=course, title="Урок 1")


@pytest.fixture
def learner(course):
    person = StudentFactory(verified=True)
    Enrollment.objects.create(user=person, course=course, source="free")
    return person


@pytest.fixture
def homework(lesson, teacher):
    return HomeworkFactory(lesson=lesson, owner=teacher)


def choice_question(homework, *correct: bool, multi=False, points="1"):
    """A choice question with one choice per flag; returns (question, [choices])."""
    question = QuestionFactory(
        homework=homework,
        type=Question.Type.MULTI_CHOICE if multi else Question.Type.SINGLE_CHOICE,
        points=Decimal(points),
    )
    return question, [ChoiceFactory(question=question, is_correct=flag) for flag in correct]


def number_question(homework, correct="10", tolerance="0.5", points="2"):
    return QuestionFactory(
        homework=homework,
        type=Question.Type.NUMBER,
        points=Decimal(points),
        correct_number=Decimal(correct),
        tolerance=Decimal(tolerance),
    )


@pytest.fixture
def essay(homework):
    """A choice question (1 point) and a free-text question (2 points)."""
    choice, choices = choice_question(homework, True, False)
    text = QuestionFactory(homework=homework, type=Question.Type.TEXT, points=Decimal("2"))
    return homework, choice, choices, text


@pytest.fixture
def handed_in(learner, essay):
    """The learner's submission of `essay`: the choice answered right, the essay written."""
    homework, choice, choices, text = essay
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {choice.pk: choices[0].pk, text.pk: "Моё сочинение"})
    return services.submit(submission)
