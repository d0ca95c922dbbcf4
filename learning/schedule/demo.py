"""Demo timetable: a group of the demo tutor with the demo students, two weekly rules (one on
upper weeks only) and a one-off lesson, around today so the calendar has something to show.

Run by load_demo_data after the people and courses exist; safe to run again (found by name
and title, nothing made twice, edits kept).
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import CoursePage

from . import services
from .models import Group, LiveLesson, Membership, RecurringLesson

TEACHER = "tutor1@ustat.test"
STUDENTS = ["student1@ustat.test", "student2@ustat.test", "student3@ustat.test"]
GROUP_NAME = "Английский: вечерняя группа"
# The demo tutor's beginners' course (courses.demo_content); the group gives access to it.
COURSE_SLUG = "english-a1"
# title, weekday, week type, start, end
RULES = [
    ("Английский: разговорная практика", 1, RecurringLesson.WeekType.ALL, time(18), time(19, 30)),
    (
        "Английский: грамматика (верхние недели)",
        3,
        RecurringLesson.WeekType.UPPER,
        time(18),
        time(19),
    ),
]
ONE_OFF = "Консультация перед контрольной"


@transaction.atomic
def load_demo() -> dict | None:
    """Build the demo timetable; None when the demo tutor is not there yet."""
    teacher = User.objects.filter(email=TEACHER).first()
    if teacher is None:
        return None
    courses = CoursePage.objects.filter(teacher=teacher, locale__language_code="ru")
    course = courses.filter(slug=COURSE_SLUG).first() or courses.order_by("pk").first()
    group, _created = Group.objects.get_or_create(
        teacher=teacher, name=GROUP_NAME, defaults={"course": course, "colour": "#2f9e44"}
    )
    for student in User.objects.filter(email__in=STUDENTS):
        if not Membership.objects.filter(group=group, student=student).exists():
            services.add_student(teacher, group, student.email)

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    # From four weeks ago (a past to look back on) to the end of the term.
    start_date, end_date = monday - timedelta(weeks=4), monday + timedelta(weeks=16, days=6)
    rules = []
    for title, weekday, week_type, start, end in RULES:
        rule, _created = RecurringLesson.objects.get_or_create(
            group=group,
            title=title,
            defaults={
                "teacher": teacher,
                "weekday": weekday,
                "week_type": week_type,
                "start_time": start,
                "end_time": end,
                "start_date": start_date,
                "end_date": end_date,
                "timezone": settings.TIME_ZONE,
            },
        )
        rules.append(rule)

    saturday = monday + timedelta(days=5 if today.weekday() < 5 else 12)
    lesson = LiveLesson.objects.filter(group=group, title=ONE_OFF).first()
    if lesson is None:
        lesson = LiveLesson.objects.create(
            group=group,
            teacher=teacher,
            title=ONE_OFF,
            start=_at(saturday, time(11)),
            end=_at(saturday, time(12, 30)),
        )
    return {"group": group, "rules": rules, "lesson": lesson}


def _at(day: date, moment: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, moment))
