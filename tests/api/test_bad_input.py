"""No 500 on bad input (issue 11, item 14): each case through its real endpoint answers 400 or
404 in the API's one error shape ({"detail", "code"} or {field: [messages]})."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from courses import services as course_services
from learning.schedule.models import Group
from learning.zoompool.models import LessonRecording

from ..blog.factories import BlogIndexPageFactory, BlogPostPageFactory
from ..conftest import skip_or_fail
from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import TeacherFactory
from ..zoompool.conftest import make_account, make_lesson, signed
from .openapi import raw_schema

pytestmark = pytest.mark.django_db

HUGE = 2**63  # one past the largest 64-bit id
DEEP = 10_000


def as_(client, user):
    client.force_authenticate(user)
    return client


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert isinstance(body, dict) and body
    if "detail" in body:
        assert isinstance(body["detail"], str) and isinstance(body["code"], str)
    else:  # field errors
        assert all(isinstance(messages, list | dict) for messages in body.values()), body
    return body


# --- JSON nested thousands of levels deep -------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "signed_in"),
    [
        ("post", "/api/auth/token/", False),
        ("post", "/api/auth/register/", False),
        ("patch", "/api/users/profile/", True),  # a view with its own parser list
        ("post", "/api/groups/", True),
    ],
)
def test_json_nested_thousands_of_levels_is_a_400(api_client, teacher, method, path, signed_in):
    if signed_in:
        as_(api_client, teacher)
    body = "[" * DEEP + "]" * DEEP
    response = getattr(api_client, method)(path, body, content_type="application/json")
    error = assert_error(response, 400)
    assert error["code"] == "parse_error" and "64" in error["detail"]


def test_json_just_past_the_depth_bound_is_refused_and_within_it_is_read(api_client, teacher):
    as_(api_client, teacher)

    def nested(levels: int) -> str:
        return '{"name": ' + "[" * (levels - 1) + "]" * (levels - 1) + "}"

    too_deep = api_client.post("/api/groups/", nested(65), content_type="application/json")
    assert assert_error(too_deep, 400)["code"] == "parse_error"
    # Within the bound the body is read, and the serializer names the field.
    answer = api_client.post("/api/groups/", nested(64), content_type="application/json")
    assert answer.status_code == 400 and "name" in answer.json()


# --- Bodies that are not objects ------------------------------------------------------------


@pytest.mark.parametrize("body", ["[1]", '"refresh"', "7", "null"])
def test_logout_with_a_body_that_is_not_an_object_is_a_400(api_client, body):
    response = api_client.post("/api/auth/logout/", body, content_type="application/json")
    assert_error(response, 400)


def test_password_reset_with_a_list_body_is_a_400(api_client):
    response = api_client.post("/api/auth/password/reset/", "[]", content_type="application/json")
    assert "non_field_errors" in assert_error(response, 400)


# --- Dates at the edges of the calendar -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("0001-01-01", "0001-01-31"),
        ("0001-01-01T00:00:00+14:00", "0001-01-02T00:00:00+14:00"),
        ("9999-12-01", "9999-12-31"),
        ("9999-12-31T00:00:00-12:00", "9999-12-31T23:59:59-12:00"),
    ],
)
def test_events_at_year_1_or_9999_are_a_400_naming_the_parameter(api_client, teacher, start, end):
    Group.objects.create(name="Группа", teacher=teacher)
    response = as_(api_client, teacher).get("/api/schedule/events/", {"start": start, "end": end})
    assert "start" in assert_error(response, 400)


# --- Search terms reach the search engine as words ------------------------------------------


@pytest.fixture
def searchable(catalog):
    CoursePageFactory(parent=catalog, title="Кавычки и апострофы")
    blog = BlogIndexPageFactory(parent=catalog.get_parent())
    BlogPostPageFactory(parent=blog, title="Кавычки в тексте")


@pytest.mark.parametrize("term", ['"', 'a"b', '""', "\"'", "a\x00b", "\x00", '"\x00'])
def test_quotes_and_nul_in_api_search_find_nothing_instead_of_failing(api_client, searchable, term):
    for path in ("/api/courses/", "/api/blog/posts/"):
        response = api_client.get(path, {"search": term})
        if response.status_code == 400:  # the blog's filter refuses a NUL byte outright
            assert "search" in assert_error(response, 400)
        else:
            assert response.status_code == 200, (path, response.content)


def test_a_quote_in_a_search_still_finds_the_words_around_it(api_client, searchable):
    found = api_client.get("/api/courses/", {"search": 'Кавычки"'}).json()["results"]
    assert [course["title"] for course in found] == ["Кавычки и апострофы"]


@pytest.mark.parametrize("term", ['"', 'a"b', "a\x00b"])
def test_quotes_and_nul_on_the_site_search_page(client, searchable, term):
    assert client.get("/ru/search/", {"q": term}).status_code == 200


# --- Ids past what the database holds ---------------------------------------------------------


PUBLIC = [
    f"/api/courses/{HUGE}/",
    f"/api/courses/{HUGE}/lessons/",
    f"/api/courses/1/lessons/{HUGE}/",
    f"/api/lessons/{HUGE}/",
    f"/api/tutors/{HUGE}/",
    f"/api/categories/{HUGE}/",
    f"/api/blog/posts/{HUGE}/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_pages_by_ids_past_the_database_range_are_a_404(api_client, catalog, path):
    assert assert_error(api_client.get(path), 404)["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        *PUBLIC,
        f"/api/lessons/{HUGE}/progress/",
        f"/api/lessons/{HUGE}/comments/",
        f"/api/courses/{HUGE}/lessons/1/assignments/",
        f"/api/courses/1/lessons/{HUGE}/assignments/",
        f"/api/courses/{HUGE}/lessons/1/assignments/1/comments/",
        f"/api/assignments/{HUGE}/",
        f"/api/submissions/{HUGE}/",
        f"/api/lessons/live/{HUGE}/",
        f"/api/groups/{HUGE}/",
        f"/api/schedule/rules/{HUGE}/",
    ],
)
def test_ids_past_the_database_range_are_a_404(api_client, student, catalog, path):
    assert_error(as_(api_client, student).get(path), 404)


@pytest.mark.parametrize(
    "path",
    [
        f"/api/courses/{HUGE}/enroll/",
        f"/api/courses/{HUGE}/checkout/",
        f"/api/lessons/live/{HUGE}/start/",
        f"/api/lessons/{HUGE}/progress/",
        f"/api/users/notifications/{HUGE}/read/",
        "/api/users/notifications/null,null/read/",  # found by make fuzz: a 500
    ],
)
def test_posting_to_ids_past_the_database_range_is_a_404(api_client, student, path):
    assert_error(as_(api_client, student).post(path), 404)


def test_a_group_for_a_course_id_past_the_range_is_a_400_naming_course(api_client, teacher):
    # Validation runs before the permission check: a stranger's request must not crash either.
    response = as_(api_client, teacher).post(
        "/api/groups/", {"name": "Группа", "course": HUGE}, format="json"
    )
    assert "course" in assert_error(response, 400)


def test_issuing_a_certificate_for_a_course_id_past_the_range_is_a_400(api_client, admin_user):
    response = as_(api_client, admin_user).post(
        "/api/users/certificates/",
        {"user": str(admin_user.public_id), "course": HUGE},
        format="json",
    )
    assert "course" in assert_error(response, 400)


@pytest.mark.parametrize("value", [str(HUGE), "²", "١٢"])
@pytest.mark.parametrize("path", ["/api/schedule/rules/", "/api/lessons/live/"])
def test_group_filters_past_the_range_or_in_other_digits_find_nothing(
    api_client, teacher, path, value
):
    response = as_(api_client, teacher).get(path, {"group": value})
    assert response.status_code == 200, response.content
    assert response.json()["results"] == []


@pytest.mark.parametrize("value", [str(HUGE), "²", "null"])
def test_a_certificate_filter_past_the_range_or_not_a_number_is_a_400(api_client, teacher, value):
    response = as_(api_client, teacher).get("/api/users/certificates/", {"course": value})
    assert "course" in assert_error(response, 400)


def test_catalog_filters_by_a_category_id_past_the_range_name_the_field(api_client, catalog):
    for value in (str(HUGE), "²"):
        assert "category" in assert_error(api_client.get("/api/courses/", {"category": value}), 400)
    assert api_client.get("/api/tutors/", {"subject": "²"}).status_code == 200


def test_an_address_under_api_that_names_nothing_answers_in_the_error_shape(api_client):
    error = assert_error(api_client.get("/api/no-such-thing/"), 404)
    assert error["code"] == "not_found"


# --- A lesson's length ---------------------------------------------------------------------


@pytest.fixture
def own_course(catalog, tutor_index, teacher):
    teacher.groups.add(course_services.tutors_group())  # tutors add lessons to their courses
    return CoursePageFactory(parent=catalog, teacher=teacher, owner=teacher)


@pytest.mark.parametrize("minutes", [12 * 60 + 1, 2**31, 2**40, 2**63])
def test_a_lesson_longer_than_twelve_hours_is_a_400_naming_the_field(
    api_client, teacher, own_course, minutes
):
    response = as_(api_client, teacher).post(
        f"/api/courses/{own_course.pk}/lessons/",
        {"title": "Урок", "duration_minutes": minutes},
        format="json",
    )
    assert "duration_minutes" in assert_error(response, 400)
    lesson = LessonPageFactory(parent=own_course)
    response = api_client.patch(
        f"/api/lessons/{lesson.pk}/", {"duration_minutes": minutes}, format="json"
    )
    assert "duration_minutes" in assert_error(response, 400)


def test_a_twelve_hour_lesson_is_made(api_client, teacher, own_course):
    response = as_(api_client, teacher).post(
        f"/api/courses/{own_course.pk}/lessons/",
        {"title": "Интенсив", "duration_minutes": 12 * 60},
        format="json",
    )
    assert response.status_code == 201 and response.json()["duration_minutes"] == 720


def test_a_course_of_absurd_length_is_a_400_naming_duration(api_client, teacher, catalog):
    response = as_(api_client, teacher).post(
        "/api/courses/", {"title": "Курс", "summary": "Кратко", "duration": 2**40}, format="json"
    )
    assert "duration" in assert_error(response, 400)


# --- Zoom events Zoom could not have sent -------------------------------------------------------


@pytest.fixture
def recorded_lesson(db):
    account = make_account()
    lesson = make_lesson(
        TeacherFactory(),
        start=timezone.now() - timedelta(hours=2),
        zoom_meeting_id="85012345678",
        zoom_meeting_uuid="uuid-1==",
    )
    return lesson, account


def recording_event(lesson, account, **file_fields) -> dict:
    item = {
        "id": "file-1",
        "file_type": "MP4",
        "file_size": 1024,
        "download_url": "https://zoom.example/rec/download/file-1",
        "play_url": "https://zoom.example/rec/play/file-1",
        "recording_start": "2026-11-20T10:00:00Z",
        "recording_end": "2026-11-20T11:00:00Z",
        **file_fields,
    }
    return {
        "event": "recording.completed",
        "event_ts": 1_700_000_000_000,
        "download_token": "token",
        "payload": {
            "account_id": account.account_id,
            "object": {
                "id": lesson.zoom_meeting_id,
                "uuid": lesson.zoom_meeting_uuid,
                "recording_files": [item],
            },
        },
    }


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"recording_start": "2026-02-30T10:00:00Z"}, "recording_start"),
        ({"recording_end": "2026-11-20T25:61:00Z"}, "recording_end"),
        ({"recording_start": "0001-01-01T00:00:00+14:00"}, "recording_start"),
        ({"file_size": 2**70}, "file_size"),
        ({"file_size": -1}, "file_size"),
        ({"id": "f" * 500}, "recording_files.id"),
        ({"download_url": "https://zoom.example/" + "x" * 3000}, "download_url"),
    ],
)
def test_signed_recording_events_with_impossible_values_are_a_400(
    client, recorded_lesson, fields, named
):
    lesson, account = recorded_lesson
    event = recording_event(lesson, account, **fields)
    response = client.post("/api/zoom/webhook/", **signed(event, account.webhook_secret_token))
    error = assert_error(response, 400)
    assert error["code"] == "bad_event" and named in error["detail"]
    assert not LessonRecording.objects.exists()


@pytest.mark.parametrize(
    "meeting",
    [{"uuid": "u" * 300}, {"id": "9" * 100}, {"id": "850\x00123"}, {"uuid": "a\x00b"}],
)
def test_signed_meeting_ended_with_over_long_or_nul_ids_is_a_400(client, recorded_lesson, meeting):
    lesson, account = recorded_lesson
    event = {
        "event": "meeting.ended",
        "event_ts": 1_700_000_000_000,
        "payload": {
            "account_id": account.account_id,
            "object": {"id": lesson.zoom_meeting_id, "uuid": "u-1", **meeting},
        },
    }
    response = client.post("/api/zoom/webhook/", **signed(event, account.webhook_secret_token))
    assert assert_error(response, 400)["code"] == "bad_event"


def test_a_signed_zoom_body_nested_too_deep_is_refused_not_a_500(client, recorded_lesson):
    _lesson, account = recorded_lesson
    body = b'{"event": "meeting.ended", "payload": ' + b"[" * DEEP + b"]" * DEEP + b"}"
    response = client.post("/api/zoom/webhook/", **signed(body, account.webhook_secret_token))
    assert response.status_code in (400, 401) and response.json()["code"]


def test_a_valid_recording_event_is_still_stored(client, recorded_lesson, settings):
    lesson, account = recorded_lesson
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the download itself is not this test's business
    event = recording_event(lesson, account, file_size=2**40)
    response = client.post("/api/zoom/webhook/", **signed(event, account.webhook_secret_token))
    assert response.status_code == 200, response.content
    assert LessonRecording.objects.get().size == 2**40


# --- PostgreSQL: NUL bytes never reach the driver ----------------------------------------------


@pytest.mark.postgres
def test_nul_bytes_in_searches_and_filters_on_postgresql(api_client, searchable, teacher, client):
    if connection.vendor != "postgresql":
        skip_or_fail("PostgreSQL's driver refuses NUL bytes (set DATABASE_URL)")
    assert client.get("/ru/search/", {"q": "a\x00b"}).status_code == 200
    assert api_client.get("/api/courses/", {"search": "a\x00b"}).status_code == 200
    assert api_client.get("/api/courses/", {"locale": "r\x00u"}).status_code == 400
    assert api_client.get("/api/tutors/", {"subject": "a\x00b"}).status_code in (200, 400)
    response = as_(api_client, teacher).get(
        "/api/schedule/events/", {"start": "2030\x00", "end": "x"}
    )
    assert_error(response, 400)


# --- A lesson's content is read as blocks ---------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        [None, None],
        [1],
        "text",
        {"type": "paragraph"},
        [{"type": "nope", "value": "x"}],
        [{"type": {}, "value": None, "id": ""}],
        [{"type": "paragraph", "value": None, "id": {}}],
        [{"type": "paragraph", "value": False}],
    ],
)
def test_lesson_content_that_is_not_blocks_is_a_400_naming_content(
    api_client, teacher, own_course, content
):
    response = as_(api_client, teacher).post(
        f"/api/courses/{own_course.pk}/lessons/",
        {"title": "Урок", "content": content},
        format="json",
    )
    assert "content" in assert_error(response, 400)


def test_lesson_content_as_blocks_is_stored(api_client, teacher, own_course):
    blocks = [{"type": "paragraph", "value": "<p>Текст</p>"}]
    response = as_(api_client, teacher).post(
        f"/api/courses/{own_course.pk}/lessons/",
        {"title": "Урок", "content": blocks},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["content"][0]["value"] == "<p>Текст</p>"


# --- Strings the database cannot hold ---------------------------------------------------------


def test_an_unpaired_surrogate_in_a_json_string_is_a_400(api_client, teacher):
    body = '{"name": "Группа \\ud800"}'  # valid JSON; no database stores it as text
    response = as_(api_client, teacher).post("/api/groups/", body, content_type="application/json")
    assert assert_error(response, 400)["code"] == "parse_error"
    assert not Group.objects.exists()


def test_a_nul_character_in_lesson_content_is_a_400(api_client, teacher, own_course):
    # A JSON field takes any string; PostgreSQL's jsonb refused the NUL with a 500.
    body = '{"title": "Урок", "content": [{"type": "paragraph", "value": "a\\u0000b"}]}'
    response = as_(api_client, teacher).post(
        f"/api/courses/{own_course.pk}/lessons/", body, content_type="application/json"
    )
    assert assert_error(response, 400)["code"] == "parse_error"


def test_paired_surrogates_are_one_character_and_welcome(api_client, teacher):
    body = '{"name": "Группа \\ud83d\\ude00"}'  # 😀 spelled as a JSON surrogate pair
    response = as_(api_client, teacher).post("/api/groups/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Группа 😀"


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [("/api/groups/", "name", 7), ("/api/auth/logout/", "refresh", 0)],
)
def test_json_numbers_for_string_fields_are_refused(api_client, teacher, path, field, value):
    response = as_(api_client, teacher).post(path, {field: value}, format="json")
    assert field in assert_error(response, 400)


# --- Site pages (not the API) with ids past the range -------------------------------------------

OUR_APPS = (
    "accounts",
    "api",
    "blog",
    "cabinet",
    "comments",
    "core",
    "courses",
    "home",
    "learning",
    "search",
)


def _our_routes(resolver=None, prefix: str = ""):
    """Every route whose view is the project's own, as its pattern text."""
    from django.urls import URLResolver, get_resolver

    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _our_routes(entry, text)
        elif entry.lookup_str.split(".")[0] in OUR_APPS:
            yield text


def test_no_route_of_ours_takes_an_unbounded_integer():
    """``<int:>`` lets 2**64 through to lookups Django does not guard (a page model's
    ``page_ptr``: a 500 on SQLite); ``<id:>`` answers 404 before the view runs. The admin's
    viewsets keep Wagtail's own routes (staff only, plain models)."""
    routes = [route for route in _our_routes() if not route.startswith("admin/")]
    assert any("<id:" in route for route in routes)
    assert not [route for route in routes if "<int:" in route]


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "cabinet:receipt"),
        ("get", "schedule:group"),
        ("get", "homework:detail"),
        ("get", "homework:submission"),
        ("post", "comments:delete"),
        ("post", "enrollment:complete-lesson"),
    ],
)
def test_site_pages_by_ids_past_the_range_are_a_404(client, student, method, name):
    from django.urls import reverse

    client.force_login(student)
    path = reverse(name, args=[HUGE])
    assert getattr(client, method)(path).status_code == 404, path


# --- OPTIONS on every operation ---------------------------------------------------------------


def test_options_on_every_api_path_never_fails(api_client, teacher):
    """DRF's OPTIONS describes a PUT by looking up the view's object: a view whose object is
    not in the URL (the tutor's own levels) failed with a 500 there (found by the fuzzer)."""
    as_(api_client, teacher)
    paths = [re.sub(r"\{[^}]+\}", "1", path) for path in raw_schema()["paths"]]
    failed = {
        path: status for path in paths if (status := api_client.options(path).status_code) >= 500
    }
    assert not failed
    assert api_client.options("/api/tutoring/levels/").status_code == 200
