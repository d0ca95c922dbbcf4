"""Users in the API: the permission matrix, profile edits, lists and their query counts."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from tests.factories import AdminFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    return {
        "student": StudentFactory(),
        "other_student": StudentFactory(),
        "teacher": TeacherFactory(),
        "admin": AdminFactory(),
    }


def as_(api_client, user):
    api_client.force_authenticate(user)
    return api_client


def detail(user):
    return f"/api/users/{user.public_id}/"


# (who asks, url maker, method, expected status)
MATRIX = [
    # all users: admins only
    (None, lambda p: "/api/users/", "get", 401),
    ("student", lambda p: "/api/users/", "get", 403),
    ("teacher", lambda p: "/api/users/", "get", 403),
    ("admin", lambda p: "/api/users/", "get", 200),
    # teachers and students lists: teachers and admins
    (None, lambda p: "/api/users/teachers/", "get", 401),
    ("student", lambda p: "/api/users/teachers/", "get", 403),
    ("teacher", lambda p: "/api/users/teachers/", "get", 200),
    ("admin", lambda p: "/api/users/teachers/", "get", 200),
    ("student", lambda p: "/api/users/students/", "get", 403),
    ("teacher", lambda p: "/api/users/students/", "get", 200),
    ("admin", lambda p: "/api/users/students/", "get", 200),
    # one user: self or admin
    (None, lambda p: detail(p["student"]), "get", 401),
    ("student", lambda p: detail(p["student"]), "get", 200),
    ("other_student", lambda p: detail(p["student"]), "get", 403),
    ("teacher", lambda p: detail(p["student"]), "get", 403),
    ("admin", lambda p: detail(p["student"]), "get", 200),
    ("student", lambda p: detail(p["student"]), "patch", 200),
    ("other_student", lambda p: detail(p["student"]), "patch", 403),
    ("admin", lambda p: detail(p["student"]), "patch", 200),
    # delete: admins only, not even oneself
    ("student", lambda p: detail(p["student"]), "delete", 403),
    ("teacher", lambda p: detail(p["student"]), "delete", 403),
    ("admin", lambda p: detail(p["student"]), "delete", 204),
    # own profile: any signed-in person
    (None, lambda p: "/api/users/profile/", "get", 401),
    ("student", lambda p: "/api/users/profile/", "get", 200),
]


@pytest.mark.parametrize(("who", "url", "method", "expected"), MATRIX)
def test_permission_matrix(api_client, people, who, url, method, expected):
    if who:
        as_(api_client, people[who])
    data = {"first_name": "Новое"} if method == "patch" else None
    response = getattr(api_client, method)(url(people), data, format="json")
    assert response.status_code == expected, response.content


def test_unknown_user_is_404(api_client, people):
    as_(api_client, people["admin"])
    assert api_client.get("/api/users/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_user_cannot_change_own_role_or_email(api_client, people):
    student = people["student"]
    as_(api_client, student)
    api_client.patch(detail(student), {"role": "teacher", "email": "x@example.com"}, format="json")
    student.refresh_from_db()
    assert student.role == User.Role.STUDENT
    assert student.email != "x@example.com"


def test_admin_can_change_role_and_the_profile_follows(api_client, people):
    student = people["student"]
    as_(api_client, people["admin"])
    response = api_client.patch(detail(student), {"role": "teacher"}, format="json")
    assert response.status_code == 200
    student.refresh_from_db()
    assert student.role == User.Role.TEACHER
    assert student.teacher_profile


def test_admin_delete_removes_the_user(api_client, people):
    as_(api_client, people["admin"])
    api_client.delete(detail(people["student"]))
    assert not User.objects.filter(pk=people["student"].pk).exists()


def test_lists_are_paginated(api_client, people):
    StudentFactory.create_batch(5)
    as_(api_client, people["admin"])
    body = api_client.get("/api/users/students/?page_size=3").json()
    # Everyone with the student role but the admin, who runs the site.
    assert body["count"] == User.objects.filter(role="student", is_staff=False).count() >= 7
    assert len(body["results"]) == 3
    assert body["next"]
    assert all(row["role"] == "student" for row in body["results"])


def test_people_who_run_the_site_are_listed_neither_as_teachers_nor_as_students(api_client, people):
    editor, moderator = TeacherFactory(), StudentFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    moderator.groups.add(Group.objects.get(name="Moderators"))
    staff_teacher = TeacherFactory(is_staff=True)
    as_(api_client, people["admin"])
    teachers = api_client.get("/api/users/teachers/").json()
    assert [row["id"] for row in teachers["results"]] == [str(people["teacher"].public_id)]
    students = api_client.get("/api/users/students/?page_size=100").json()
    listed = {row["id"] for row in students["results"]}
    assert listed == {str(people[name].public_id) for name in ("student", "other_student")}
    others = (editor, moderator, staff_teacher, people["admin"])
    assert not listed & {str(person.public_id) for person in others}


@pytest.mark.parametrize("url", ["/api/users/", "/api/users/teachers/", "/api/users/students/"])
def test_lists_take_a_fixed_number_of_queries(
    api_client, people, url, django_assert_max_num_queries
):
    as_(api_client, people["admin"])
    StudentFactory.create_batch(30)
    TeacherFactory.create_batch(30)
    with django_assert_max_num_queries(4):
        response = api_client.get(url + "?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= 30


class TestProfile:
    def test_teacher_updates_account_and_teacher_fields(self, api_client, people):
        teacher = people["teacher"]
        as_(api_client, teacher)
        response = api_client.put(
            "/api/users/profile/",
            {
                "first_name": "Ирина",
                "phone": "+7 900 000-00-00",
                "teacher": {"bio": "Математика", "experience_years": 7},
                "settings": {"email_payments": False, "profile_visibility": "public"},
            },
            format="json",
        )
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["first_name"] == "Ирина"
        assert body["profile"]["bio"] == "Математика"
        assert body["profile"]["experience_years"] == 7
        assert body["settings"]["email_payments"] is False
        assert body["settings"]["profile_visibility"] == "public"

    def test_student_cannot_write_teacher_fields(self, api_client, people):
        as_(api_client, people["student"])
        response = api_client.put("/api/users/profile/", {"teacher": {"bio": "x"}}, format="json")
        assert response.status_code == 400
        assert "teacher" in response.json()

    def test_bad_level_names_the_field(self, api_client, people):
        as_(api_client, people["student"])
        response = api_client.put(
            "/api/users/profile/", {"student": {"level": "guru"}}, format="json"
        )
        assert response.status_code == 400
        assert "level" in response.json()["student"]

    def test_avatar_upload_and_rejection(self, api_client, people):
        as_(api_client, people["student"])
        buffer = io.BytesIO()
        Image.new("RGB", (300, 300), "green").save(buffer, format="PNG")
        ok = api_client.put(
            "/api/users/profile/avatar/",
            {"avatar": SimpleUploadedFile("a.png", buffer.getvalue(), "image/png")},
            format="multipart",
        )
        assert ok.status_code == 200
        assert ok.json()["avatar"]

        bad = api_client.put(
            "/api/users/profile/avatar/",
            {"avatar": SimpleUploadedFile("a.png", b"MZ\x90\x00 exe", "image/png")},
            format="multipart",
        )
        assert bad.status_code == 400
        assert "avatar" in bad.json()
        people["student"].refresh_from_db()
        assert people["student"].avatar


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/auth/register/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower()
    assert "/static/drf_spectacular_sidecar/" in docs
