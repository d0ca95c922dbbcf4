"""Enrollment.expires_at: access ends at the date itself, the status follows (beat task), the
learner is reminded a week before (once), sees it in My courses and can renew."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from learning.enrollment import services, tasks
from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory

pytestmark = pytest.mark.django_db
SECRET = "Текст урока только для учеников."


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    LessonPageFactory(parent=course, title="Урок 1")
    return course


def enrol(course, *, ends_in: timedelta | None, **fields):
    learner = StudentFactory()
    expires_at = timezone.now() + ends_in if ends_in is not None else None
    enrollment = Enrollment.objects.create(
        user=learner, course=course, source="manual", expires_at=expires_at, **fields
    )
    return learner, enrollment


def lesson_of(course):
    return course.lessons().first()


def test_access_ends_the_moment_the_end_date_passes(client, api_client, course):
    learner, enrollment = enrol(course, ends_in=timedelta(minutes=1))
    client.force_login(learner)
    api_client.force_authenticate(learner)
    lesson = lesson_of(course)
    assert SECRET in client.get(lesson.url).content.decode()

    # Past the date, before any task has run: the status still says active.
    Enrollment.objects.filter(pk=enrollment.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    enrollment.refresh_from_db()
    assert enrollment.status == "active" and enrollment.current_status == "expired"
    page = client.get(lesson.url).content.decode()
    assert SECRET not in page
    assert 'data-testid="access-ended"' in page and 'data-testid="renew"' in page
    assert f'href="{course.url}#enrol"' in page
    [listed] = api_client.get("/api/enrollments/").json()["results"]
    assert listed["status"] == "expired"
    refused = api_client.get(f"/api/lessons/{lesson.pk}/")
    assert refused.status_code == 403 and refused.json()["code"] == "access_ended"
    # Progress is not recorded either.
    response = api_client.post(f"/api/lessons/{lesson.pk}/progress/", {"percent": 100})
    assert response.status_code == 403
    # The course page says so next to the enrol button.
    course_page = client.get(course.url).content.decode()
    assert 'data-testid="access-ended"' in course_page and "/enroll/" in course_page


def test_the_beat_task_marks_the_status_and_recounts(course):
    learner, ended = enrol(course, ends_in=timedelta(days=-1))
    _other, current = enrol(course, ends_in=timedelta(days=30))
    _forever, unlimited = enrol(course, ends_in=None)
    result = tasks.expire_enrollments()
    assert result["expired"] == 1
    for enrollment in (ended, current, unlimited):
        enrollment.refresh_from_db()
    assert (ended.status, current.status, unlimited.status) == ("expired", "active", "active")
    course.refresh_from_db()
    assert course.students_count == 2
    assert tasks.expire_enrollments()["expired"] == 0  # nothing left to do


def test_a_week_before_the_learner_is_reminded_once(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    soon, soon_enrollment = enrol(course, ends_in=timedelta(days=6))
    later, _ = enrol(course, ends_in=timedelta(days=10))
    gone, _ = enrol(course, ends_in=timedelta(days=-1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_enrollments()["reminded"] == 1
        assert tasks.expire_enrollments()["reminded"] == 0  # the next hour: nothing new
    [notice] = Notification.objects.filter(user=soon, key__startswith="access-ending:")
    assert "Физика" in notice.title and notice.kind == "courses"
    assert notice.url == "/ru/cabinet/courses/"
    assert [mail.to for mail in mailoutbox] == [[soon.email]]
    assert not Notification.objects.filter(user__in=[later, gone]).exists()

    # Renewed to a new date, reminded again when that one comes near.
    Enrollment.objects.filter(pk=soon_enrollment.pk).update(
        expires_at=timezone.now() + timedelta(days=5)
    )
    assert services.remind_expiring() == 1


def test_the_reminder_email_follows_the_courses_switch(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    from accounts import services as accounts

    learner, _ = enrol(course, ends_in=timedelta(days=3))
    accounts.update_settings(learner, {"email_courses": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.remind_expiring()
    assert Notification.objects.filter(user=learner).count() == 1
    assert mailoutbox == []


def test_my_courses_shows_the_end_date_and_what_ended(client, course, catalog):
    learner, _ = enrol(course, ends_in=timedelta(days=20))
    other = CoursePageFactory(parent=catalog, title="Химия", price=0)
    Enrollment.objects.create(
        user=learner,
        course=other,
        source="manual",
        expires_at=timezone.now() - timedelta(days=2),
    )
    client.force_login(learner)
    html = client.get("/ru/cabinet/courses/").content.decode()
    assert 'data-testid="access-until"' in html
    ended = html[html.index('data-testid="access-ended"') - 600 :]
    assert "Химия" in ended and f'href="{other.url}#enrol"' in html


def test_enrolling_again_after_expiry_opens_the_course(client, course):
    learner, old = enrol(course, ends_in=timedelta(days=-1))  # not yet marked by the task
    client.force_login(learner)
    client.post(f"/learn/courses/{course.pk}/enroll/")
    old.refresh_from_db()
    assert old.status == "expired"
    assert Enrollment.objects.get(user=learner, status="active").expires_at is None
    assert SECRET in client.get(lesson_of(course).url).content.decode()
    html = client.get("/ru/cabinet/courses/").content.decode()
    assert 'data-testid="access-ended"' not in html  # the course is current again
