"""The OpenAPI schema tells the truth (issue 11, item 15).

Real answers of the real endpoints are checked against the schema the API serves, with
schemathesis' own validator (the one `make fuzz` uses): the declared status, body shape,
formats and patterns. The error answers every operation can give are documented once, in one
shape.
"""

import datetime as dt
from decimal import Decimal

import pytest

from courses import services as course_services
from learning.enrollment.models import Enrollment
from learning.schedule.models import LiveLesson

from ..community.conftest import make_post, make_tutor
from ..courses.factories import CategoryFactory, CoursePageFactory, LessonPageFactory
from ..factories import StudentFactory
from ..homework.factories import HomeworkFactory, QuestionFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory, RuleFactory
from . import openapi
from .openapi import conforms

METHODS = {"get", "post", "put", "patch", "delete"}
ERROR = {"$ref": "#/components/schemas/Error"}
FIELD_OR_ERROR = {"anyOf": [ERROR, {"$ref": "#/components/schemas/ValidationError"}]}


@pytest.fixture(scope="module")
def raw():
    return openapi.raw_schema()


@pytest.fixture(scope="module")
def schema(raw):
    return openapi.load(raw)


def operations(raw):
    for path, item in raw["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def as_(client, user):
    client.force_authenticate(user)
    return client


# --- The errors, once, in one shape -----------------------------------------------------------


def test_the_error_shapes_are_components(raw):
    components = raw["components"]["schemas"]
    assert components["Error"]["required"] == ["detail", "code"]
    assert components["ValidationError"]["type"] == "object"


def test_every_operation_documents_its_errors_in_the_one_shape(raw):
    for path, method, operation in operations(raw):
        responses = operation["responses"]
        where = f"{method.upper()} {path}"
        if "{" in path:
            assert "404" in responses, where
        if method != "get" and "webhook" not in path:
            assert "400" in responses, where
        if {"jwtAuth": []} in operation.get("security", []):
            assert "401" in responses, where
        for status, response in responses.items():
            if status.startswith("4"):
                schema = response["content"]["application/json"]["schema"]
                assert schema in (ERROR, FIELD_OR_ERROR) or "$ref" in schema, (where, status)


def test_throttled_sign_in_endpoints_document_429_with_retry_after(raw):
    for path in ("/api/auth/token/", "/api/auth/register/", "/api/auth/password/reset/"):
        answer = raw["paths"][path]["post"]["responses"]["429"]
        assert answer["content"]["application/json"]["schema"] == ERROR
        assert "Retry-After" in answer["headers"]
    # Not throttled: no 429 promised.
    assert "429" not in raw["paths"]["/api/courses/"]["get"]["responses"]


def test_the_webhooks_appear_once_each(raw):
    webhooks = [(p, m) for p, m, _o in operations(raw) if "webhook" in p or "yookassa/" in p]
    assert webhooks == [
        ("/api/payments/paypal/webhook/", "post"),
        ("/api/payments/stripe/webhook/", "post"),
        ("/api/payments/yookassa/notifications/", "post"),
        ("/api/zoom/webhook/", "post"),
    ]
    zoom = raw["paths"]["/api/zoom/webhook/"]["post"]
    assert {"400", "401"} <= set(zoom["responses"])
    assert {p["name"] for p in zoom["parameters"]} == {"x-zm-signature", "x-zm-request-timestamp"}


def test_delete_on_a_rule_or_a_live_lesson_says_what_it_does(raw):
    rule = raw["paths"]["/api/schedule/rules/{id}/"]["delete"]["description"]
    lesson = raw["paths"]["/api/lessons/live/{id}/"]["delete"]["description"]
    assert "ends it" in rule and "past occurrences stay" in rule
    assert "cancels it" in lesson and "status cancelled" in lesson


def test_catalog_query_enums_are_declared(raw):
    parameters = {
        p["name"]: p["schema"] for p in raw["paths"]["/api/courses/"]["get"]["parameters"]
    }
    assert set(parameters["locale"]["enum"]) == {"ru", "en"}
    assert set(parameters["level"]["enum"]) == {"beginner", "intermediate", "advanced"}
    assert set(parameters["ordering"]["enum"]) == {"newest", "popular", "rating", "price", "-price"}
    components = raw["components"]["schemas"]
    locale = components["Course"]["properties"]["locale"]["allOf"][0]["$ref"].split("/")[-1]
    assert set(components[locale]["enum"]) == {"ru", "en"}
    level = components["Student"]["properties"]["level"]
    assert {"$ref": "#/components/schemas/LevelEnum"} in level["oneOf"]


# --- Real answers conform -----------------------------------------------------------------------


@pytest.fixture
def course(catalog, teacher):
    category = CategoryFactory(slug="программирование", parent=None)
    course = CoursePageFactory(
        parent=catalog,
        title="Программирование",
        slug="программирование-с-нуля",  # Cyrillic: the slug pattern must take it
        teacher=teacher,
        category=category,
        description=[{"type": "paragraph", "value": "<p>О курсе</p>"}],
    )
    LessonPageFactory(parent=course, title="Первый урок", is_free=True)
    return course


@pytest.mark.django_db
def test_catalog_answers_conform(schema, api_client, course):
    courses = conforms(schema, "get", "/api/courses/", api_client.get("/api/courses/"))
    assert courses["results"][0]["url"].startswith("/")  # relative, declared so
    assert courses["results"][0]["category"]["parent"] is None
    conforms(schema, "get", "/api/categories/", api_client.get("/api/categories/"))
    detail = conforms(
        schema, "get", "/api/courses/{id}/", api_client.get(f"/api/courses/{course.pk}/")
    )
    assert isinstance(detail["description"], list) and detail["slug"] == course.slug
    lessons = conforms(
        schema,
        "get",
        "/api/courses/{course_id}/lessons/",
        api_client.get(f"/api/courses/{course.pk}/lessons/"),
    )
    assert isinstance(lessons, list)  # one plain list, as declared
    lesson = course.get_children().first()
    content = conforms(
        schema, "get", "/api/lessons/{id}/", api_client.get(f"/api/lessons/{lesson.pk}/")
    )
    assert isinstance(content["content"], list)


@pytest.mark.django_db
def test_error_answers_conform(schema, api_client, student, course):
    missing = api_client.get("/api/courses/999999/")
    assert conforms(schema, "get", "/api/courses/{id}/", missing)["code"] == "not_found"
    locked = LessonPageFactory(parent=course, title="Платный урок", is_free=False)
    answer = as_(api_client, student).get(f"/api/lessons/{locked.pk}/")
    assert conforms(schema, "get", "/api/lessons/{id}/", answer)["code"] == "not_enrolled"
    refused = api_client.get("/api/courses/", {"level": "expert"})
    assert "level" in conforms(schema, "get", "/api/courses/", refused)
    anonymous = api_client.__class__().get("/api/enrollments/")
    assert conforms(schema, "get", "/api/enrollments/", anonymous)["code"] == "not_authenticated"


@pytest.mark.django_db
def test_course_create_and_update_answer_the_course_in_full(
    schema, api_client, teacher, catalog, tutor_index
):
    teacher.groups.add(course_services.tutors_group())
    created = as_(api_client, teacher).post(
        "/api/courses/", {"title": "Новый курс", "summary": "Коротко"}, format="json"
    )
    body = conforms(schema, "post", "/api/courses/", created)
    assert created.status_code == 201 and body["lessons"] == [] and "description" in body
    changed = api_client.patch(f"/api/courses/{body['id']}/", {"summary": "Иначе"}, format="json")
    assert conforms(schema, "patch", "/api/courses/{id}/", changed)["summary"] == "Иначе"


@pytest.mark.django_db
def test_a_course_without_a_teacher_conforms(schema, api_client, catalog):
    """An admin may make a course for nobody yet (found by make fuzz as admin)."""
    CoursePageFactory(parent=catalog, title="Ничей курс", teacher=None)
    listed = conforms(schema, "get", "/api/courses/", api_client.get("/api/courses/"))
    assert listed["results"][0]["teacher"] is None


@pytest.mark.django_db
def test_blog_posts_without_a_cover_conform(schema, api_client, home_page):
    from ..blog.factories import BlogIndexPageFactory, BlogPostPageFactory

    blog = BlogIndexPageFactory(parent=home_page)
    post = BlogPostPageFactory(parent=blog, slug="заметка", tags=["экзамены"])
    listed = conforms(schema, "get", "/api/blog/posts/", api_client.get("/api/blog/posts/"))
    assert listed["results"][0]["cover"] is None
    conforms(schema, "get", "/api/blog/posts/{id}/", api_client.get(f"/api/blog/posts/{post.pk}/"))


@pytest.mark.django_db
def test_people_lists_are_lists(schema, api_client, admin_user):
    StudentFactory()
    for path in ("/api/users/students/", "/api/users/teachers/"):
        body = conforms(schema, "get", path, as_(api_client, admin_user).get(path))
        assert isinstance(body["results"], list)


@pytest.mark.django_db
def test_timetable_answers_conform(schema, api_client, teacher):
    group = GroupFactory(teacher=teacher)
    MembershipFactory(group=group, student=StudentFactory())
    rule = RuleFactory(group=group)
    lesson = LiveLessonFactory(
        group=group,
        start=dt.datetime(2030, 9, 4, 15, 0, tzinfo=dt.UTC),
        end=dt.datetime(2030, 9, 4, 16, 0, tzinfo=dt.UTC),
    )
    client = as_(api_client, teacher)
    body = conforms(
        schema, "get", "/api/schedule/rules/{id}/", client.get(f"/api/schedule/rules/{rule.pk}/")
    )
    assert body["start_time"] == "10:00:00"  # a wall-clock time, no offset
    body = conforms(
        schema, "get", "/api/lessons/live/{id}/", client.get(f"/api/lessons/live/{lesson.pk}/")
    )
    assert lesson.status == LiveLesson.Status.SCHEDULED and body["join_url"] == ""
    marks = conforms(
        schema,
        "get",
        "/api/lessons/live/{id}/attendance/",
        client.get(f"/api/lessons/live/{lesson.pk}/attendance/"),
    )
    assert isinstance(marks, list) and len(marks) == 1


@pytest.mark.django_db
def test_a_submission_answers_max_score_as_a_decimal_string(schema, api_client, course):
    lesson = course.get_children().specific().first()
    homework = HomeworkFactory(lesson=lesson, owner=course.teacher)
    QuestionFactory(homework=homework, points=Decimal("2.5"))
    learner = StudentFactory(verified=True)
    Enrollment.objects.create(user=learner, course=course, source="free")
    started = as_(api_client, learner).post(f"/api/assignments/{homework.pk}/submissions/")
    body = conforms(schema, "post", "/api/assignments/{assignment_id}/submissions/", started)
    assert body["max_score"] == "2.50"


# --- Answers the fuzzing found undocumented ----------------------------------------------------


def test_taking_back_a_follow_or_a_like_answers_the_documented_200(api_client, schema, tutor_index):
    tutor = make_tutor(tutor_index)
    post = make_post(tutor)
    as_(api_client, StudentFactory(verified=True))
    for path, concrete in (
        ("/api/tutors/{tutor_id}/follow/", f"/api/tutors/{tutor.pk}/follow/"),
        ("/api/videos/{post_id}/like/", f"/api/videos/{post.pk}/like/"),
    ):
        api_client.post(concrete)
        answer = api_client.delete(concrete)
        assert answer.status_code == 200
        conforms(schema, "delete", path, answer)


def test_a_group_without_a_course_answers_the_documented_400(db, api_client, schema):
    group = GroupFactory(course=None)
    answer = as_(api_client, group.teacher).get(f"/api/groups/{group.pk}/gradebook/")
    assert answer.status_code == 400
    assert conforms(schema, "get", "/api/groups/{group_id}/gradebook/", answer)["code"] == (
        "group_without_course"
    )
