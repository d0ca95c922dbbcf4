"""Comments over JSON: lesson, assignment (homework) and submission threads."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS

from accounts.models import Notification
from comments import services
from comments.models import Comment

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..homework.factories import HomeworkFactory
from . import test_comments as shared

ALLOWED, PEOPLE = shared.ALLOWED, shared.PEOPLE
# The same people and targets as the site's tests (fixtures shared by assignment).
people = shared.people
submission = shared.submission
free_lesson = shared.free_lesson
targets = shared.targets

pytestmark = pytest.mark.django_db


def list_url(kind, target) -> str:
    if kind in ("lesson", "free_lesson"):
        return f"/api/lessons/{target.pk}/comments/"
    if kind == "homework":
        lesson = target.lesson
        return (
            f"/api/courses/{lesson.course.pk}/lessons/{lesson.pk}/assignments/{target.pk}/comments/"
        )
    return f"/api/homework/submissions/{target.pk}/comments/"


def as_(api_client, person):
    api_client.force_authenticate(None if person.is_anonymous else person)
    return api_client


# ---------------------------------------------------------------------------------------------
# Who may read and write


@pytest.mark.parametrize("kind", list(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_permission_matrix(api_client, targets, people, kind, who):
    target, person = targets[kind], people[who]
    existing = services.add_comment(people["staff"], target, "Первый")
    client = as_(api_client, person)
    url = list_url(kind, target)
    listing = client.get(url)
    created = client.post(url, {"text": "Вопрос"}, format="json")
    detail = client.get(f"{url}{existing.pk}/")
    if who == "anonymous":
        assert (listing.status_code, created.status_code, detail.status_code) == (401, 401, 401)
    elif who in ALLOWED[kind]:
        assert listing.status_code == 200
        assert [c["id"] for c in listing.json()["results"]] == [existing.pk]
        assert created.status_code == 201, created.json()
        assert created.json()["text"] == "Вопрос"
        assert detail.status_code == 200 and detail.json()["text"] == "Первый"
    else:
        assert (listing.status_code, created.status_code, detail.status_code) == (403, 403, 403)
        assert "detail" in listing.json()
    expected = 2 if who in ALLOWED[kind] else 1
    assert Comment.objects.count() == expected


def test_outsiders_get_403_before_their_body_is_checked(api_client, submission, people):
    response = as_(api_client, people["classmate"]).post(
        list_url("submission", submission), {}, format="json"
    )
    assert response.status_code == 403


# ---------------------------------------------------------------------------------------------
# Unknown and mismatched ids


def test_unknown_and_mismatched_ids_are_404(api_client, course, lesson, homework, people):
    client = as_(api_client, people["staff"])
    other_course = CoursePageFactory(parent=course.get_parent(), title="Другой курс")
    other_lesson = LessonPageFactory(parent=other_course)
    other_homework = HomeworkFactory(lesson=other_lesson)
    base = f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/{homework.pk}/comments/"
    assert client.get(base).status_code == 200
    for url in [
        f"/api/courses/999999/lessons/{lesson.pk}/assignments/{homework.pk}/comments/",
        # the lesson is not in that course
        f"/api/courses/{other_course.pk}/lessons/{lesson.pk}/assignments/{homework.pk}/comments/",
        # the assignment is not in that lesson
        f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/{other_homework.pk}/comments/",
        f"/api/courses/{course.pk}/lessons/999999/assignments/{homework.pk}/comments/",
        "/api/lessons/999999/comments/",
        f"/api/lessons/{course.pk}/comments/",  # a course is not a lesson
        "/api/homework/submissions/999999/comments/",
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"text": "x"}, format="json").status_code == 404, url
    assert not Comment.objects.exists()


def test_a_comment_is_found_only_under_its_own_target(api_client, lesson, homework, people):
    on_homework = services.add_comment(people["learner"], homework, "О задании")
    client = as_(api_client, people["learner"])
    url = f"/api/lessons/{lesson.pk}/comments/{on_homework.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"text": "x"}, format="json").status_code == 404
    assert client.delete(url).status_code == 404
    assert Comment.objects.get().text == "О задании"
    assert client.get(f"/api/lessons/{lesson.pk}/comments/999999/").status_code == 404


def test_an_unpublished_lesson_is_404_to_learners(api_client, lesson, people):
    lesson.unpublish()
    assert as_(api_client, people["learner"]).get(list_url("lesson", lesson)).status_code == 404
    assert as_(api_client, people["teacher"]).get(list_url("lesson", lesson)).status_code == 200


# ---------------------------------------------------------------------------------------------
# Replies, validation, pagination


def test_replies_are_nested_one_level_deep(api_client, homework, people):
    url = list_url("homework", homework)
    learner = as_(api_client, people["learner"])
    question = learner.post(url, {"text": "Вопрос"}, format="json").json()
    assert question["parent"] is None and question["replies"] == []
    teacher = as_(api_client, people["teacher"])
    answer = teacher.post(url, {"text": "Ответ", "parent": question["id"]}, format="json").json()
    assert answer["parent"] == question["id"]
    learner = as_(api_client, people["learner"])
    follow = learner.post(url, {"text": "Ещё", "parent": answer["id"]}, format="json").json()
    assert follow["parent"] == question["id"]
    [top] = learner.get(url).json()["results"]
    assert top["id"] == question["id"]
    assert [r["text"] for r in top["replies"]] == ["Ответ", "Ещё"]
    assert [r["can_edit"] for r in top["replies"]] == [False, True]
    assert top["author"]["name"] == people["learner"].get_full_name()
    assert "email" not in top["author"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "я" * (services.MAX_LENGTH + 1)}, "text"),
        ({"text": "Ответ", "parent": 999999}, "parent"),
        ({"text": "Ответ", "parent": "abc"}, "parent"),
    ],
)
def test_bad_input_is_400_naming_the_field(api_client, lesson, people, body, field):
    response = as_(api_client, people["learner"]).post(
        list_url("lesson", lesson), body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Comment.objects.exists()


def test_a_parent_from_another_thread_is_400(api_client, lesson, homework, people):
    elsewhere = services.add_comment(people["learner"], homework, "О задании")
    response = as_(api_client, people["learner"]).post(
        list_url("lesson", lesson), {"text": "Ответ", "parent": elsewhere.pk}, format="json"
    )
    assert response.status_code == 400 and "parent" in response.json()
    assert Comment.objects.count() == 1


def test_the_list_is_paginated_in_a_fixed_number_of_queries(
    api_client, lesson, people, django_assert_max_num_queries
):
    for n in range(25):
        top = services.add_comment(people["learner"], lesson, f"Комментарий {n}")
        services.add_comment(people["teacher"], lesson, f"Ответ {n}", parent=top)
    client = as_(api_client, people["learner"])
    with django_assert_max_num_queries(7):
        response = client.get(list_url("lesson", lesson))
    body = response.json()
    assert body["count"] == 25 and len(body["results"]) == 20 and body["next"]
    assert all(len(c["replies"]) == 1 for c in body["results"])
    assert body["results"][0]["text"] == "Комментарий 24"  # newest first
    second = client.get(list_url("lesson", lesson), {"page": 2}).json()
    assert len(second["results"]) == 5


# ---------------------------------------------------------------------------------------------
# Editing and deleting


def test_authors_edit_their_own_comments(api_client, submission, people):
    comment = services.add_comment(people["learner"], submission, "Было")
    url = f"{list_url('submission', submission)}{comment.pk}/"
    for who in ("teacher", "staff"):
        response = as_(api_client, people[who]).patch(url, {"text": "Чужая"}, format="json")
        assert response.status_code == 403
    learner = as_(api_client, people["learner"])
    assert learner.patch(url, {"text": " "}, format="json").status_code == 400
    response = learner.patch(url, {"text": "Стало"}, format="json")
    assert response.status_code == 200 and response.json()["text"] == "Стало"
    comment.refresh_from_db()
    assert comment.text == "Стало"


def test_authors_and_staff_delete(api_client, submission, people):
    mine = services.add_comment(people["learner"], submission, "Моё")
    reply = services.add_comment(people["teacher"], submission, "Ответ", parent=mine)
    other = services.add_comment(people["teacher"], submission, "Учителя")
    base = list_url("submission", submission)
    assert as_(api_client, people["teacher"]).delete(f"{base}{mine.pk}/").status_code == 403
    assert as_(api_client, people["learner"]).delete(f"{base}{other.pk}/").status_code == 403
    assert as_(api_client, people["staff"]).delete(f"{base}{other.pk}/").status_code == 204
    assert as_(api_client, people["learner"]).delete(f"{base}{mine.pk}/").status_code == 204
    # The top-level comment took its reply with it.
    assert not Comment.objects.filter(pk__in=[mine.pk, reply.pk, other.pk]).exists()


def test_a_comment_through_the_api_notifies_once(api_client, submission, people):
    response = as_(api_client, people["learner"]).post(
        list_url("submission", submission), {"text": "Проверьте"}, format="json"
    )
    assert response.status_code == 201
    notice = Notification.objects.get(user=people["teacher"])
    assert notice.kind == "messages" and notice.key == f"comment:{response.json()['id']}"
    assert not Notification.objects.exclude(user=people["teacher"]).exists()


# ---------------------------------------------------------------------------------------------
# The schema


def test_the_schema_documents_the_comment_endpoints_without_warnings(client):
    GENERATOR_STATS.reset()
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assignment = "/api/courses/{course_id}/lessons/{lesson_id}/assignments/{assignment_id}"
    for prefix in (
        assignment,
        "/api/lessons/{lesson_id}",
        "/api/homework/submissions/{submission_id}",
    ):
        assert set(paths[f"{prefix}/comments/"]) >= {"get", "post"}
        assert set(paths[f"{prefix}/comments/{{comment_id}}/"]) >= {"get", "patch", "delete"}
    assert "PaginatedCommentList" in schema["components"]["schemas"]
    replies = schema["components"]["schemas"]["Comment"]["properties"]["replies"]
    assert replies["items"]["$ref"].endswith("/CommentReply")
    ours = [w for w in GENERATOR_STATS._warn_cache if "comment" in w.lower()]
    assert ours == []
