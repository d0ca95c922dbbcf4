"""What enrollment tells learners: "you are enrolled" and "a new lesson in your course", once
each, in-app always and by e-mail as the person's "courses" switch says."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Notification
from learning.enrollment.models import Enrollment
from learning.enrollment.services import grant

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    LessonPageFactory(parent=course, title="Урок 1")
    return course


def notices(user, prefix: str):
    return Notification.objects.filter(user=user, key__startswith=prefix)


# --- Enrolled ----------------------------------------------------------------------------------


def test_enrolling_tells_the_learner_once(
    client, course, student, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/courses/{course.pk}/enroll/")
        client.post(f"/learn/courses/{course.pk}/enroll/")  # pressed twice
    [notice] = notices(student, "enrolled:")
    assert notice.kind == "courses" and "Физика" in notice.title
    assert notice.url == course.url
    assert [mail.subject for mail in mailoutbox] == [notice.title]
    assert [mail.to for mail in mailoutbox] == [[student.email]]
    # And it is in the cabinet's list.
    assert notice.title in client.get("/ru/cabinet/notifications/").content.decode()


def test_the_enrolment_email_follows_the_courses_switch(
    client, course, student, mailoutbox, django_capture_on_commit_callbacks
):
    accounts.update_settings(student, {"email_courses": False})
    client.force_login(student)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/learn/courses/{course.pk}/enroll/")
    assert notices(student, "enrolled:").count() == 1
    assert mailoutbox == []


def test_a_grant_with_an_end_date_says_until_when(course, student):
    until = timezone.now() + timedelta(days=90)
    grant(student, course, Enrollment.Source.MANUAL, expires_at=until)
    [notice] = notices(student, "enrolled:")
    assert str(until.year) in notice.body


def test_a_purchase_is_told_by_its_receipt_not_twice(course, student):
    grant(student, course, Enrollment.Source.PURCHASE)
    assert not notices(student, "enrolled:").exists()


# --- A new lesson ------------------------------------------------------------------------------


def publish_new_lesson(course, title="Урок 2", **fields):
    lesson = LessonPageFactory(parent=course, title=title, live=False, **fields)
    lesson.save_revision(user=AdminFactory()).publish()
    return lesson


def test_a_new_lesson_tells_the_courses_learners_once(
    course, mailoutbox, django_capture_on_commit_callbacks
):
    learner, muted, refunded, outsider = (StudentFactory() for _ in range(4))
    for person in (learner, muted):
        Enrollment.objects.create(user=person, course=course, source="free")
    Enrollment.objects.create(user=refunded, course=course, source="free", status="refunded")
    accounts.update_settings(muted, {"email_courses": False})
    with django_capture_on_commit_callbacks(execute=True):
        lesson = publish_new_lesson(course)
    [notice] = notices(learner, "new-lesson:")
    assert "Урок 2" in notice.title and "Физика" in notice.title
    assert notice.url == lesson.url
    assert notices(muted, "new-lesson:").count() == 1  # in-app, without the e-mail
    assert not notices(refunded, "new-lesson:").exists()
    assert not notices(outsider, "new-lesson:").exists()
    assert [mail.to for mail in mailoutbox] == [[learner.email]]

    # Edited and published again, unpublished and published again: no news.
    with django_capture_on_commit_callbacks(execute=True):
        lesson.title = "Урок 2 (исправлен)"
        lesson.save_revision().publish()
        lesson.unpublish()
        lesson.save_revision().publish()
    assert Notification.objects.filter(key__startswith="new-lesson:").count() == 2
    assert len(mailoutbox) == 1


def test_a_new_lesson_skips_learners_whose_access_ended(course, django_capture_on_commit_callbacks):
    ended = StudentFactory()
    Enrollment.objects.create(
        user=ended, course=course, source="free", expires_at=timezone.now() - timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_new_lesson(course)
    assert not notices(ended, "new-lesson:").exists()


def test_a_draft_lesson_tells_nobody(course, django_capture_on_commit_callbacks):
    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free")
    with django_capture_on_commit_callbacks(execute=True):
        LessonPageFactory(parent=course, title="Черновик", live=False).save_revision()
    assert not notices(learner, "new-lesson:").exists()


def test_staff_enrolling_someone_in_the_admin_tells_them(
    client, admin_user, course, student, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/enrollments/new/",
            {"user": student.pk, "course": course.pk, "status": "active", "source": "manual"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrollment.objects.filter(user=student, course=course, source="manual").exists()
    assert notices(student, "enrolled:").count() == 1
    assert [mail.to for mail in mailoutbox] == [[student.email]]
