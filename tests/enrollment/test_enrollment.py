"""Enrollment, the lesson access matrix, progress and completion (the cabinet: tests/cabinet)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CoursePage
from learning.enrollment import services
from learning.enrollment.models import CourseView, Enrollment, LessonProgress

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory

pytestmark = pytest.mark.django_db
SECRET = "Текст урока только для учеников."


@pytest.fixture
def course(catalog):
    course = CoursePageFactory(parent=catalog, title="Физика", price=0)
    LessonPageFactory(parent=course, title="Урок 1", is_free=True)
    LessonPageFactory(parent=course, title="Урок 2")
    return course


def lessons(course):
    return list(course.lessons())


def enrolled(course, status=Enrollment.Status.ACTIVE):
    learner = StudentFactory()
    Enrollment.objects.create(user=learner, course=course, source="free", status=status)
    return learner


@pytest.mark.parametrize(
    ("who", "sees_paid_lesson"),
    [
        ("anonymous", False),
        ("signed_in", False),
        ("enrolled", True),
        ("completed", True),
        ("refunded", False),
        ("expired", False),
        ("teacher", True),
        ("staff", True),
    ],
)
def test_lesson_access_matrix_on_the_page_and_in_the_api(
    client, api_client, course, who, sees_paid_lesson
):
    people = {
        "anonymous": None,
        "signed_in": StudentFactory(),
        "enrolled": enrolled(course),
        "completed": enrolled(course, Enrollment.Status.COMPLETED),
        "refunded": enrolled(course, Enrollment.Status.REFUNDED),
        "expired": enrolled(course, Enrollment.Status.EXPIRED),
        "teacher": course.teacher,
        "staff": AdminFactory(),
    }
    user = people[who]
    if user is not None:
        client.force_login(user)
        api_client.force_authenticate(user)
    free, paid = lessons(course)
    page = client.get(paid.url)
    assert page.status_code == 200
    assert (SECRET in page.content.decode()) is sees_paid_lesson
    assert SECRET in client.get(free.url).content.decode()  # the free preview, for everyone
    api = api_client.get(f"/api/lessons/{paid.pk}/")
    assert api.status_code == (200 if sees_paid_lesson else 403)


def test_an_enrollment_covers_the_course_translations(client, course, admin_user):
    from wagtail.models import Locale

    learner = enrolled(course)
    english = course.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.save_revision(user=admin_user).publish()
    english_lesson = lessons(course)[1].copy_for_translation(english.locale, copy_parents=False)
    english_lesson.save_revision(user=admin_user).publish()
    client.force_login(learner)
    assert SECRET in client.get(english_lesson.url).content.decode()


def test_free_course_enrolls_at_once_paid_does_not(client, catalog, course):
    learner = StudentFactory()
    client.force_login(learner)
    response = client.post(f"/learn/courses/{course.pk}/enroll/")
    assert response.status_code == 302 and response.url == lessons(course)[0].url
    assert Enrollment.objects.filter(user=learner, course=course, status="active").count() == 1
    client.post(f"/learn/courses/{course.pk}/enroll/")  # twice is harmless
    assert Enrollment.objects.filter(user=learner, course=course).count() == 1
    course.refresh_from_db()
    assert course.students_count == 1

    paid = CoursePageFactory(parent=catalog, price=990)
    client.post(f"/learn/courses/{paid.pk}/enroll/")
    assert not Enrollment.objects.filter(user=learner, course=paid).exists()
    html = client.get(paid.url).content.decode()
    assert "не настроена" in html  # payments are not configured: nothing pretends to charge


def test_one_active_enrollment_is_a_database_rule(course):
    from django.db import IntegrityError, transaction

    learner = enrolled(course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrollment.objects.create(user=learner, course=course, source="manual")
    Enrollment.objects.create(user=learner, course=course, source="manual", status="refunded")


def test_completing_every_lesson_completes_the_course_once(
    client, course, django_capture_on_commit_callbacks
):
    learner = enrolled(course)
    completions = []
    services.enrollment_completed.connect(
        lambda **kw: completions.append(kw["enrollment"].pk), weak=False, dispatch_uid="t"
    )
    try:
        client.force_login(learner)
        first, second = lessons(course)
        client.get(first.url)
        assert LessonProgress.objects.get(user=learner, lesson=first).status == "in_progress"
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/learn/lessons/{first.pk}/complete/").url == second.url
            assert services.course_progress(learner, course) == 50
            client.post(f"/learn/lessons/{second.pk}/complete/")
            client.post(f"/learn/lessons/{second.pk}/complete/")
    finally:
        services.enrollment_completed.disconnect(dispatch_uid="t")
    enrollment = Enrollment.objects.get(user=learner, course=course)
    assert enrollment.status == "completed" and enrollment.completed_at
    assert len(completions) == 1
    assert SECRET in client.get(second.url).content.decode()  # completed keeps access


def test_progress_needs_an_enrollment(client, api_client, course):
    stranger = StudentFactory()
    paid = lessons(course)[1]
    api_client.force_authenticate(stranger)
    assert api_client.post(f"/api/lessons/{paid.pk}/progress/", {"percent": 100}).status_code == 403
    learner = enrolled(course)
    api_client.force_authenticate(learner)
    response = api_client.post(f"/api/lessons/{paid.pk}/progress/", {"percent": 40}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "in_progress"
    assert api_client.get(f"/api/lessons/{paid.pk}/progress/").json()["percent"] == 40
    assert (
        api_client.post(
            f"/api/lessons/{paid.pk}/progress/", {"percent": 140}, format="json"
        ).status_code
        == 400
    )


def test_enroll_and_enrollments_api(api_client, catalog, course):
    learner = StudentFactory()
    assert api_client.post(f"/api/courses/{course.pk}/enroll/").status_code == 401
    api_client.force_authenticate(learner)
    assert api_client.post(f"/api/courses/{course.pk}/enroll/").status_code == 201
    assert api_client.post(f"/api/courses/{course.pk}/enroll/").status_code == 200
    paid = CoursePageFactory(parent=catalog, price=500)
    response = api_client.post(f"/api/courses/{paid.pk}/enroll/")
    assert response.status_code == 400 and "course" in response.json()
    mine = api_client.get("/api/enrollments/").json()["results"]
    assert [(e["course"], e["progress"]) for e in mine] == [(course.pk, 0)]
    api_client.force_authenticate(StudentFactory())
    assert api_client.get("/api/enrollments/").json()["results"] == []


def test_completed_courses_move_to_the_archive_after_30_days(course):
    learner = enrolled(course, Enrollment.Status.COMPLETED)
    enrollment = Enrollment.objects.get(user=learner)
    Enrollment.objects.filter(pk=enrollment.pk).update(
        completed_at=timezone.now() - timedelta(days=29)
    )
    from learning.enrollment.tasks import archive_completed_courses

    assert archive_completed_courses.delay().get() == 0
    Enrollment.objects.filter(pk=enrollment.pk).update(
        completed_at=timezone.now() - timedelta(days=31)
    )
    assert archive_completed_courses.delay().get() == 1
    groups = services.cabinet_enrollments(learner)
    assert [e.pk for e in groups["archive"]] == [enrollment.pk] and groups["completed"] == []


def test_course_page_views_are_recorded_with_source_and_device(client, course):
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
    client.get(course.url + "?utm_source=newsletter", HTTP_USER_AGENT=iphone)
    client.get(course.url, HTTP_REFERER="https://www.google.com/search?q=x")
    views = list(CourseView.objects.filter(course=course).order_by("pk"))
    assert [(v.source, v.device) for v in views] == [
        ("newsletter", "mobile"),
        ("www.google.com", "desktop"),
    ]


def test_course_page_for_an_enrolled_learner_takes_a_fixed_number_of_queries(client, catalog):
    course = CoursePageFactory(parent=catalog)
    for _ in range(3):
        LessonPageFactory(parent=course)
    learner = enrolled(course)
    client.force_login(learner)
    client.get(course.url)
    with CaptureQueriesContext(connection) as few:
        client.get(course.url)
    for _ in range(30):
        LessonPageFactory(parent=course)
    with CaptureQueriesContext(connection) as many:
        client.get(course.url)
    assert len(many) == len(few)


def test_staff_manage_enrollments_in_the_admin(client, course, admin_user):
    learner = enrolled(course)
    client.force_login(admin_user)
    response = client.get("/admin/enrollments/")
    assert response.status_code == 200 and str(learner) in response.content.decode()
    client.force_login(learner)
    assert client.get("/admin/enrollments/").status_code in (302, 403)
    assert CoursePage.objects.get(pk=course.pk).students_count == 1


def test_the_lesson_script_reports_a_finished_video_as_json(client, course):
    learner = enrolled(course)
    client.force_login(learner)
    paid = lessons(course)[1]
    html = client.get(paid.url).content.decode()
    assert "data-lesson-complete" in html  # the form site.js posts when a video ends
    response = client.post(f"/learn/lessons/{paid.pk}/complete/", HTTP_ACCEPT="application/json")
    assert response.json() == {"status": "completed", "percent": 100, "course_progress": 50}
    client.force_login(StudentFactory())
    denied = client.post(f"/learn/lessons/{paid.pk}/complete/", HTTP_ACCEPT="application/json")
    assert denied.status_code == 403


def test_the_course_pages_progress_in_one_query_matches_the_two_it_replaced(course):
    """Completed lessons counted among the live ones for the percent; every completed one
    (an unpublished one too) marked in the programme."""
    learner = enrolled(course)
    shown = lessons(course)
    hidden = LessonPageFactory(parent=course, live=False)
    for lesson in (shown[0], hidden):
        LessonProgress.objects.create(
            user=learner, lesson=lesson, status=LessonProgress.Status.COMPLETED, percent=100
        )
    with CaptureQueriesContext(connection) as queries:
        percent, completed = services.progress.progress_and_completed(learner, course)
    assert len(queries) == 1
    assert percent == services.course_progress(learner, course) == round(100 / len(shown))
    both = {shown[0].pk, hidden.pk}
    assert completed == services.completed_lesson_ids(learner, course) == both
