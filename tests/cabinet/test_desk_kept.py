"""The desk's courses and "continue where you left off", kept for the person
(core.personal): each change of theirs shows on the next visit, and access that ended shows
as soon as the clock passes it."""

import datetime as dt

import pytest
from django.utils import timezone

from learning.enrollment.models import Enrollment
from learning.enrollment.services import archive_completed, complete_lesson, start_lesson

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def courses_on(client, url="/ru/cabinet/") -> str:
    return client.get(url).content.decode()


def test_the_desk_follows_enrollments_progress_and_the_clock(client, catalog):
    learner = StudentFactory()
    first = CoursePageFactory(parent=catalog, title="Первый курс", price=0)
    lessons = [LessonPageFactory(parent=first, title=f"Урок {n}") for n in range(4)]
    Enrollment.objects.create(
        user=learner,
        course=first,
        source="free",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    client.force_login(learner)
    html = courses_on(client)
    assert "Первый курс" in html and "0%" in html
    start_lesson(learner, lessons[1])
    complete_lesson(learner, lessons[0])
    html = courses_on(client)
    assert "25%" in html and "Урок 1" in html  # progress, and where they left off
    second = CoursePageFactory(parent=catalog, title="Второй курс", price=0)
    Enrollment.objects.create(user=learner, course=second, source="free")
    assert "Второй курс" in courses_on(client)
    # Access ends by the clock, with nothing saved: the kept rows are judged on each visit.
    later = timezone.now() + dt.timedelta(hours=2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        current = courses_on(client).split('data-testid="feed-preview"')[0]
        assert "Второй курс" in current and "Первый курс" not in current
        ended = courses_on(client, "/ru/cabinet/courses/").split("Доступ закончился")[1]
        assert "Первый курс" in ended.split("</ul>")[0]


def test_archiving_by_the_beat_task_shows_in_the_cabinet(client, catalog):
    learner = StudentFactory()
    course = CoursePageFactory(parent=catalog, title="Пройденный курс", price=0)
    LessonPageFactory(parent=course)
    Enrollment.objects.create(
        user=learner,
        course=course,
        source="free",
        status=Enrollment.Status.COMPLETED,
        completed_at=timezone.now() - dt.timedelta(days=40),
    )
    client.force_login(learner)
    assert "Пройденный курс" in courses_on(client)  # "Recently completed"
    assert archive_completed() == 1  # a queryset update(): no signal
    assert "Пройденный курс" not in courses_on(client)
