"""/api/users/students/ and group rosters: a teacher sees only their own students (enrolled in
their courses or members of their groups), with e-mail and phone only as each student's
settings allow; staff see everyone. Runs on SQLite and, in CI, on PostgreSQL."""

import pytest
from django.urls import reverse

from accounts.models import ProfileSettings
from learning.enrollment.models import Enrollment

from ..courses.factories import CoursePageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory
from ..schedule.factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/api/users/students/"


def private(person):
    ProfileSettings.objects.update_or_create(
        user=person, defaults={"profile_visibility": ProfileSettings.Visibility.PRIVATE}
    )
    return person


@pytest.fixture
def school(catalog):
    """A teacher with a course and a group, their learners, and people who are not theirs."""
    teacher = TeacherFactory(verified=True)
    course = CoursePageFactory(parent=catalog, teacher=teacher)
    group = GroupFactory(teacher=teacher)
    people = {
        "buyer": StudentFactory(phone="+7 900 000-00-01"),
        "graduate": StudentFactory(),
        "member": private(StudentFactory(phone="+7 900 000-00-02")),
        "left": StudentFactory(),  # their group-given course has expired
        "stranger": StudentFactory(phone="+7 900 000-00-03"),
        "others": StudentFactory(),  # another teacher's learner
    }
    Enrollment.objects.create(user=people["buyer"], course=course, source="purchase")
    Enrollment.objects.create(
        user=people["graduate"], course=course, source="free", status="completed"
    )
    Enrollment.objects.create(user=people["left"], course=course, source="group", status="expired")
    MembershipFactory(group=group, student=people["member"])
    other_course = CoursePageFactory(parent=catalog)
    Enrollment.objects.create(user=people["others"], course=other_course, source="free")
    MembershipFactory(group=GroupFactory(), student=people["others"])
    return {"teacher": teacher, "course": course, "group": group, **people}


def listed(api_client, user) -> dict:
    api_client.force_authenticate(user)
    response = api_client.get(URL + "?page_size=100")
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def test_a_teacher_sees_only_their_own_students(api_client, school):
    rows = listed(api_client, school["teacher"])
    mine = {school[name].public_id for name in ("buyer", "graduate", "member")}
    assert set(rows) == {str(pk) for pk in mine}
    for name in ("stranger", "others", "left"):
        assert str(school[name].public_id) not in rows


def test_a_self_registered_unconfirmed_teacher_sees_nobody(api_client, school):
    newcomer = TeacherFactory()  # signed up as a teacher a minute ago, address not confirmed
    assert listed(api_client, newcomer) == {}


def test_contacts_are_shown_only_as_the_student_allows(api_client, school):
    rows = listed(api_client, school["teacher"])
    buyer, member = rows[str(school["buyer"].public_id)], rows[str(school["member"].public_id)]
    assert (buyer["email"], buyer["phone"]) == (school["buyer"].email, "+7 900 000-00-01")
    # "Only me and my teachers": the teacher sees the student, not their e-mail or phone.
    assert (member["email"], member["phone"]) == (None, None)
    assert member["full_name"] == school["member"].get_full_name()


def test_group_rosters_follow_the_same_settings(api_client, client, school):
    group, member = school["group"], school["member"]
    visible = MembershipFactory(group=group).student
    api_client.force_authenticate(school["teacher"])
    roster = {
        row["id"]: row["email"]
        for row in api_client.get(f"/api/groups/{group.pk}/").json()["students"]
    }
    assert roster == {str(member.public_id): None, str(visible.public_id): visible.email}
    client.force_login(school["teacher"])
    page = client.get(reverse("schedule:group", args=[group.pk])).content.decode()
    assert visible.email in page and member.email not in page
    # Staff run the school: they see it.
    api_client.force_authenticate(AdminFactory())
    roster = api_client.get(f"/api/groups/{group.pk}/").json()["students"]
    assert member.email in {row["email"] for row in roster}
    # Classmates see each other's names, but not a profile kept to "me and my teachers".
    client.force_login(visible)
    page = client.get(reverse("schedule:group", args=[group.pk]))
    names = {m.student.get_full_name() for m in page.context["page_obj"]}
    assert names == {visible.get_full_name()} and page.context["unnamed"] == 1
    client.force_login(member)
    names = {
        m.student.get_full_name() for m in client.get(page.wsgi_request.path).context["page_obj"]
    }
    assert names == {member.get_full_name(), visible.get_full_name()}


def test_staff_see_every_student_with_contacts(api_client, school):
    rows = listed(api_client, AdminFactory())
    for name in ("buyer", "graduate", "member", "left", "stranger", "others"):
        assert rows[str(school[name].public_id)]["email"] == school[name].email
    assert rows[str(school["member"].public_id)]["phone"] == "+7 900 000-00-02"


def test_students_cannot_list_students(api_client, school):
    api_client.force_authenticate(school["buyer"])
    response = api_client.get(URL)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_a_teachers_list_takes_a_fixed_number_of_queries(
    api_client, school, django_assert_max_num_queries
):
    for _ in range(30):
        person = StudentFactory()
        Enrollment.objects.create(user=person, course=school["course"], source="free")
        MembershipFactory(group=school["group"], student=private(StudentFactory()))
    api_client.force_authenticate(school["teacher"])
    with django_assert_max_num_queries(4):
        response = api_client.get(URL + "?page_size=100")
    assert len(response.json()["results"]) == 63
