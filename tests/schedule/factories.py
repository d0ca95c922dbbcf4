import datetime as dt

import factory

from learning.schedule.models import Group, LessonException, LiveLesson, Membership, RecurringLesson

from ..factories import StudentFactory, TeacherFactory


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    name = factory.Sequence(lambda n: f"Группа {n}")
    teacher = factory.SubFactory(TeacherFactory)
    colour = "#2f6fed"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    student = factory.SubFactory(StudentFactory)


class RuleFactory(factory.django.DjangoModelFactory):
    """A weekly rule on Mondays 10:00–11:30 (Moscow) for a term, unless told otherwise."""

    class Meta:
        model = RecurringLesson

    group = factory.SubFactory(GroupFactory)
    teacher = factory.SelfAttribute("group.teacher")
    title = factory.Sequence(lambda n: f"Занятие {n}")
    weekday = 0
    week_type = RecurringLesson.WeekType.ALL
    start_time = dt.time(10, 0)
    end_time = dt.time(11, 30)
    start_date = dt.date(2030, 9, 2)  # a Monday
    end_date = dt.date(2030, 12, 29)
    timezone = "Europe/Moscow"


class LessonExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonException

    rule = factory.SubFactory(RuleFactory)
    original_date = dt.date(2030, 9, 9)
    cancelled = True


class LiveLessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveLesson

    group = factory.SubFactory(GroupFactory)
    teacher = factory.SelfAttribute("group.teacher")
    title = factory.Sequence(lambda n: f"Урок {n}")
    start = dt.datetime(2030, 9, 4, 15, 0, tzinfo=dt.UTC)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=1))
