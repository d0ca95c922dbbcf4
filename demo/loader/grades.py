"""The demo grades (grades.yaml): graded work and attendance in the demo tutor's group.

Items are looked up by course and title, submissions by student and item, lessons by rule and
date (the timetable's own ``lesson_for_occurrence``): a second run adds nothing.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import CoursePage, LessonPage
from learning.grades.models import GradingScheme
from learning.homework.models import Homework, Question, Submission
from learning.schedule import recurrence
from learning.schedule.models import Group, RecurringLesson
from learning.schedule.services import mark_attendance
from learning.schedule.services.timetable import lesson_for_occurrence

MARKS = {"p": "present", "l": "late", "a": "absent"}


@transaction.atomic
def load_grades(data: dict[str, Any], timetable: dict[str, Any] | None) -> dict[str, int]:
    """Items, submissions and attendance; nothing while the course or the group is missing."""
    course = CoursePage.objects.filter(slug=data["course"], locale__language_code="ru").first()
    teacher = User.objects.filter(email=data["teacher"]).first()
    if course is None or teacher is None or timetable is None:
        return {"items": 0, "submissions": 0, "attendance": 0}
    GradingScheme.objects.get_or_create(course=course, defaults=data["scheme"])
    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    people = {u.email: u for u in User.objects.filter(email__in=_emails(data))}
    now = timezone.now()
    made = {"items": 0, "submissions": 0, "attendance": 0}
    for spec in data["items"]:
        homework, created = _item(spec, course, teacher, lessons, data["question"], now)
        made["items"] += created
        for email, score in spec["scores"].items():
            made["submissions"] += _submission(homework, people[email], score, teacher)
    made["attendance"] = _attendance(timetable["group"], teacher, data["attendance"], people, now)
    return made


def _emails(data: dict[str, Any]) -> set[str]:
    return {email for item in data["items"] for email in item["scores"]} | set(data["attendance"])


def _item(spec, course, teacher, lessons, question, now) -> tuple[Homework, bool]:
    existing = Homework.objects.filter(course=course, title=spec["title"]).first()
    if existing is not None:
        return existing, False
    homework = Homework.objects.create(
        title=spec["title"],
        owner=teacher,
        lesson=lessons[spec["lesson"] % len(lessons)],
        kind=spec["kind"],
        max_attempts=1,
        due_at=(now + timedelta(days=spec["due"])).replace(hour=20, minute=0, second=0),
    )
    Question.objects.create(homework=homework, order=0, type="text", text=question, points=10)
    return homework, True


def _submission(homework: Homework, student: User, score, teacher: User) -> int:
    if Submission.objects.filter(homework=homework, student=student).exists():
        return 0
    handed_in = homework.due_at - timedelta(days=1)
    waiting = score == "waiting"
    grade = None if waiting else Decimal(score)
    Submission.objects.create(
        homework=homework,
        student=student,
        started_at=handed_in - timedelta(hours=1),
        submitted_at=handed_in,
        status=Submission.Status.NEEDS_REVIEW if waiting else Submission.Status.GRADED,
        score=None if waiting else grade / 10,
        grade=grade,
        passed=not waiting and grade >= homework.pass_mark,
        graded_by=None if waiting else teacher,
        graded_at=None if waiting else handed_in + timedelta(days=1),
    )
    return 1


def _attendance(group: Group, teacher: User, plan: dict, people: dict, now) -> int:
    """Mark the group's lessons held so far (the rules' past occurrences), once each."""
    today = timezone.localdate()
    held = sorted(
        (day, rule)
        for rule in RecurringLesson.objects.filter(group=group)
        for day in recurrence.rule_dates(rule, rule.start_date, today - timedelta(days=1))
    )
    marked = 0
    for n, (day, rule) in enumerate(held):
        lesson = lesson_for_occurrence(rule, day)
        if lesson.attendance.exists():
            continue
        marks = {people[email].pk: MARKS[codes[n % len(codes)]] for email, codes in plan.items()}
        mark_attendance(teacher, lesson, marks)
        marked += 1
    return marked
