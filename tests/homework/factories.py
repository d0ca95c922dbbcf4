from decimal import Decimal

import factory

from learning.homework.models import Choice, Homework, Question

from ..factories import TeacherFactory


class HomeworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Homework

    title = factory.Sequence(lambda n: f"Домашнее задание {n}")
    owner = factory.SubFactory(TeacherFactory)
    kind = Homework.Kind.TEST
    max_attempts = 1
    pass_mark = 60


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    homework = factory.SubFactory(HomeworkFactory)
    order = factory.Sequence(lambda n: n)
    text = "<p>Вопрос</p>"
    type = Question.Type.TEXT
    points = Decimal("1")


class ChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Choice

    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(lambda n: f"Вариант {n}")
    is_correct = False
    order = factory.Sequence(lambda n: n)
