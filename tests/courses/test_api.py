"""The courses API: catalog filters, the teacher's drafts and revisions, lesson access."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses import services
from courses.models import CoursePage

from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .factories import CategoryFactory, CoursePageFactory, LessonPageFactory, TutorPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tutor(catalog, tutor_index):
    user = TeacherFactory()
    user.groups.add(services.tutors_group())
    return user


@pytest.fixture
def workflow(catalog, tutor_index):
    return services.moderation_workflow()


def as_(client, user):
    client.force_authenticate(user)
    return client


def test_list_carries_the_catalog_fields_and_filters(api_client, catalog):
    category = CategoryFactory(slug="python")
    CoursePageFactory(parent=catalog, title="Python", category=category, price=990)
    CoursePageFactory(parent=catalog, title="Бесплатный")
    body = api_client.get("/api/courses/").json()
    assert body["count"] == 2
    course = next(c for c in body["results"] if c["title"] == "Python")
    for key in (
        "id",
        "title",
        "slug",
        "url",
        "teacher",
        "category",
        "level",
        "language",
        "type",
        "price",
        "currency",
        "duration",
        "average_rating",
        "reviews_count",
        "students_count",
        "lessons_count",
    ):
        assert key in course
    assert course["category"]["slug"] == "python" and course["price"] == "990.00"
    free = api_client.get("/api/courses/", {"free": "true"}).json()["results"]
    assert [c["title"] for c in free] == ["Бесплатный"]
    found = api_client.get("/api/courses/", {"category": "python", "search": "Python"}).json()
    assert [c["title"] for c in found["results"]] == ["Python"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"category": "nope"}, "category"),
        ({"price_min": "-10"}, "price_min"),
        ({"level": "expert"}, "level"),
        ({"locale": "de"}, "locale"),
    ],
)
def test_bad_filters_are_400_naming_the_field(api_client, catalog, params, field):
    response = api_client.get("/api/courses/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_list_takes_a_fixed_number_of_queries(api_client, catalog):
    CoursePageFactory(parent=catalog, category=CategoryFactory())
    api_client.get("/api/courses/")  # warm the site and locale caches
    with CaptureQueriesContext(connection) as few:
        api_client.get("/api/courses/")
    for _ in range(30):
        CoursePageFactory(parent=catalog, category=CategoryFactory())
    with CaptureQueriesContext(connection) as many:
        api_client.get("/api/courses/")
    assert len(many) == len(few)


def test_drafts_are_hidden_except_from_their_owner_and_staff(api_client, catalog, tutor):
    draft = CoursePageFactory(parent=catalog, live=False, teacher=tutor, owner=tutor)
    assert api_client.get(f"/api/courses/{draft.pk}/").status_code == 404
    assert as_(api_client, StudentFactory()).get(f"/api/courses/{draft.pk}/").status_code == 404
    assert as_(api_client, tutor).get(f"/api/courses/{draft.pk}/").status_code == 200
    assert as_(api_client, AdminFactory()).get(f"/api/courses/{draft.pk}/").status_code == 200


def test_a_tutor_creates_a_draft_and_submits_it(api_client, catalog, tutor, workflow):
    response = as_(api_client, tutor).post(
        "/api/courses/",
        {
            "title": "Основы SQL",
            "summary": "Запросы",
            "price": "1500",
            "level": "beginner",
            "submit": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    course = CoursePage.objects.get(pk=response.json()["id"])
    assert course.get_parent().pk == catalog.pk
    assert (course.owner, course.teacher, course.live) == (tutor, tutor, False)
    assert course.workflow_in_progress
    assert course.current_workflow_state.workflow == workflow


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"summary": "без названия"}, "title"),
        ({"title": "Без описания"}, "summary"),
        ({"title": "X", "summary": "…", "price": "-1"}, "price"),
        ({"title": "X", "summary": "…", "category": "no-such"}, "category"),
        ({"title": "X", "summary": "…", "type": "webinar"}, "type"),
    ],
)
def test_bad_course_input_is_400_naming_the_field(api_client, catalog, tutor, data, field):
    response = as_(api_client, tutor).post("/api/courses/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CoursePage.objects.exists()


def test_who_may_create_courses(api_client, catalog, tutor_index):
    data = {"title": "Курс", "summary": "Коротко"}
    assert api_client.post("/api/courses/", data).status_code == 401
    assert as_(api_client, StudentFactory()).post("/api/courses/", data).status_code == 403
    # A teacher may at once (the role brings the Tutors group); one that staff took out of
    # the group may not.
    assert as_(api_client, TeacherFactory()).post("/api/courses/", data).status_code == 201
    withdrawn = TeacherFactory()
    withdrawn.groups.clear()
    assert as_(api_client, withdrawn).post("/api/courses/", data).status_code == 403
    assert as_(api_client, AdminFactory()).post("/api/courses/", data).status_code == 201


def test_edits_make_a_revision_and_only_the_owner_or_admin_may(api_client, catalog, tutor):
    course = CoursePageFactory(parent=catalog, title="Старое", teacher=tutor, owner=tutor)
    other = TeacherFactory()
    other.groups.add(services.tutors_group())
    url = f"/api/courses/{course.pk}/"
    assert as_(api_client, other).patch(url, {"title": "Чужое"}, format="json").status_code == 403
    response = as_(api_client, tutor).patch(url, {"title": "Новое"}, format="json")
    assert response.status_code == 200 and response.json()["title"] == "Новое"
    course.refresh_from_db()
    assert course.title == "Старое"  # live stays as it was until published
    assert course.get_latest_revision_as_object().title == "Новое"
    assert (
        as_(api_client, AdminFactory()).patch(url, {"level": "advanced"}, format="json").status_code
        == 200
    )


def test_delete_is_refused_while_the_course_has_learners(api_client, catalog, tutor):
    course = CoursePageFactory(parent=catalog, teacher=tutor, owner=tutor)
    CoursePage.objects.filter(pk=course.pk).update(students_count=3)
    response = as_(api_client, tutor).delete(f"/api/courses/{course.pk}/")
    assert response.status_code == 409
    assert CoursePage.objects.filter(pk=course.pk).exists()
    CoursePage.objects.filter(pk=course.pk).update(students_count=0)
    other = TeacherFactory()
    assert as_(api_client, other).delete(f"/api/courses/{course.pk}/").status_code in (403, 404)
    assert as_(api_client, tutor).delete(f"/api/courses/{course.pk}/").status_code == 204
    assert not CoursePage.objects.filter(pk=course.pk).exists()


def test_lesson_content_only_for_people_with_access(api_client, catalog, tutor):
    course = CoursePageFactory(parent=catalog, teacher=tutor, owner=tutor)
    free = LessonPageFactory(parent=course, title="Пробный", is_free=True)
    paid = LessonPageFactory(parent=course, title="Платный")
    listing = api_client.get(f"/api/courses/{course.pk}/lessons/").json()
    assert [item["title"] for item in listing] == ["Пробный", "Платный"]
    assert api_client.get(f"/api/courses/{course.pk}/lessons/{free.pk}/").json()["content"]
    denied = api_client.get(f"/api/courses/{course.pk}/lessons/{paid.pk}/")
    assert denied.status_code == 403 and denied.json()["title"] == "Платный"
    assert "content" not in denied.json()
    assert as_(api_client, StudentFactory()).get(f"/api/lessons/{paid.pk}/").status_code == 403
    assert as_(api_client, tutor).get(f"/api/lessons/{paid.pk}/").status_code == 200
    assert as_(api_client, AdminFactory()).get(f"/api/lessons/{paid.pk}/").status_code == 200


def test_owner_adds_and_edits_lessons_others_may_not(api_client, catalog, tutor):
    course = CoursePageFactory(parent=catalog, teacher=tutor, owner=tutor)
    url = f"/api/courses/{course.pk}/lessons/"
    other = TeacherFactory()
    other.groups.add(services.tutors_group())
    assert (
        as_(api_client, other).post(url, {"title": "Чужой урок"}, format="json").status_code == 403
    )
    response = as_(api_client, tutor).post(
        url, {"title": "Урок 1", "duration_minutes": 20}, format="json"
    )
    assert response.status_code == 201
    lesson_id = response.json()["id"]
    assert (
        as_(api_client, tutor).post(url, {"duration_minutes": -5}, format="json").status_code == 400
    )
    patched = as_(api_client, tutor).patch(
        f"/api/lessons/{lesson_id}/", {"is_free": True}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["is_free"] is True
    # A draft lesson is invisible to others, so they get a 404, not a 403.
    assert as_(api_client, other).delete(f"/api/lessons/{lesson_id}/").status_code == 404
    assert as_(api_client, tutor).delete(f"/api/lessons/{lesson_id}/").status_code == 204


def test_categories_and_tutors(api_client, catalog, tutor_index):
    languages = CategoryFactory(slug="languages")
    english = CategoryFactory(slug="english", parent=languages)
    cheap = TutorPageFactory(parent=tutor_index, title="Недорогой", hourly_price=800)
    cheap.subjects.add(english)
    cheap.save()
    TutorPageFactory(parent=tutor_index, title="Дорогой", hourly_price=3000)
    slugs = [c["slug"] for c in api_client.get("/api/categories/").json()]
    assert set(slugs) == {"languages", "english"}
    by_subject = api_client.get("/api/tutors/", {"subject": "languages"}).json()["results"]
    assert [t["title"] for t in by_subject] == ["Недорогой"]
    cheap_only = api_client.get("/api/tutors/", {"price_max": "1000"}).json()["results"]
    assert [t["title"] for t in cheap_only] == ["Недорогой"]
    assert api_client.get("/api/tutors/", {"price_min": "-1"}).status_code == 400
    detail = api_client.get(f"/api/tutors/{cheap.pk}/").json()
    assert detail["subjects"][0]["slug"] == "english" and "email" not in detail["user"]
