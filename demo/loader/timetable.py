"""The demo timetable (timetable.yaml): the demo tutor's group with the demo students, two
weekly rules and a one-off lesson, placed around today so the calendar has something to show.

Found by name and title before anything is made; staff's edits are kept on a second run.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import CoursePage
from learning.schedule.models import Group, LiveLesson, Membership, RecurringLesson
from learning.schedule.services import join_by_code, rotate_join_code


@transaction.atomic
def load_timetable(data: dict[str, Any]) -> dict[str, Any] | None:
    """The group, its rules and the one-off lesson; None while the demo tutor is not there."""
    teacher = User.objects.filter(email=data["teacher"]).first()
    if teacher is None:
        return None
    courses = CoursePage.objects.filter(teacher=teacher, locale__language_code="ru")
    course = courses.filter(slug=data["group"]["course"]).first() or courses.order_by("pk").first()
    group, _created = Group.objects.get_or_create(
        teacher=teacher,
        name=data["group"]["name"],
        defaults={"course": course, "colour": data["group"]["colour"]},
    )
    # The students join the way a class does: with the group's code (the tutor can show it).
    students = User.objects.filter(email__in=data["students"]).exclude(
        pk__in=Membership.objects.filter(group=group).values("student_id")
    )
    if students:
        code = group.join_code or rotate_join_code(teacher, group).join_code
        for student in students:
            join_by_code(student, code)

    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    start_date = monday - timedelta(weeks=data["weeks_before"])
    end_date = monday + timedelta(weeks=data["weeks_after"], days=6)
    rules = []
    for spec in data["rules"]:
        rule, _created = RecurringLesson.objects.get_or_create(
            group=group,
            title=spec["title"],
            defaults={
                "teacher": teacher,
                "weekday": spec["weekday"],
                "week_type": spec["week_type"],
                "start_time": time.fromisoformat(spec["start"]),
                "end_time": time.fromisoformat(spec["end"]),
                "start_date": start_date,
                "end_date": end_date,
                "timezone": settings.TIME_ZONE,
            },
        )
        rules.append(rule)

    one_off = data["one_off"]
    saturday = monday + timedelta(days=5 if today.weekday() < 5 else 12)
    lesson = LiveLesson.objects.filter(group=group, title=one_off["title"]).first()
    if lesson is None:
        lesson = LiveLesson.objects.create(
            group=group,
            teacher=teacher,
            title=one_off["title"],
            start=_at(saturday, one_off["start"]),
            end=_at(saturday, one_off["end"]),
        )
    return {"group": group, "rules": rules, "lesson": lesson}


def _at(day: date, moment: str) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(moment)))
