"""Groups: who edits them, course access through a group (members join through ``admit``:
how they get there, invitations and codes, is tested in test_invitations)."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import Invalid, NotAllowed
from courses.services import has_course_access
from learning.enrollment.models import Enrollment
from learning.schedule import services
from learning.schedule.models import Group, Membership

from ..courses.factories import CoursePageFactory
from ..factories import StudentFactory
from .factories import GroupFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_teacher_creates_group_student_cannot(teacher, student):
    group = services.create_group(teacher, "  Алгебра 8Б ", colour="#E4572E")
    assert (group.name, group.colour, group.teacher) == ("Алгебра 8Б", "#e4572e", teacher)
    with pytest.raises(NotAllowed):
        services.create_group(student, "Моя группа")


@pytest.mark.parametrize(
    ("name", "colour", "field"),
    [("", "#2f6fed", "name"), ("x" * 201, "#2f6fed", "name"), ("A", "red", "colour")],
)
def test_group_fields_are_checked(teacher, name, colour, field):
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, name, colour=colour)
    assert field in error.value.message_dict
    assert not Group.objects.exists()


def test_only_the_groups_teacher_or_staff_edit_it(group, other_teacher, member, admin_user):
    with pytest.raises(NotAllowed):
        services.update_group(other_teacher, group, name="Чужая")
    with pytest.raises(NotAllowed):
        services.update_group(member, group, name="Моя")
    with pytest.raises(NotAllowed):
        services.invite(member, group, "someone@example.com")
    with pytest.raises(NotAllowed):
        services.delete_group(other_teacher, group)
    services.update_group(admin_user, group, name="Физика 9Б")
    group.refresh_from_db()
    assert group.name == "Физика 9Б"


def test_admitting_twice_makes_one_membership(group):
    person = StudentFactory()
    first = services.admit(group, person)
    assert services.admit(group, person) == first
    assert group.memberships.filter(student=person).count() == 1


def test_teacher_cannot_join_own_group(group):
    with pytest.raises(Invalid):
        services.admit(group, group.teacher)
    assert not group.memberships.filter(student=group.teacher).exists()


def test_tying_to_a_course_needs_teaching_it(teacher, catalog, other_teacher):
    course = CoursePageFactory(parent=catalog, teacher=other_teacher)
    with pytest.raises(ValidationError) as error:
        services.create_group(teacher, "Чужой курс", course=course)
    assert "course" in error.value.message_dict


def test_group_membership_grants_and_removal_revokes_course_access(group, group_course):
    services.update_group(group.teacher, group, course=group_course)
    person = StudentFactory(email="learner@example.com")
    assert not has_course_access(person, group_course)
    services.admit(group, person)
    enrollment = Enrollment.objects.get(user=person, course=group_course)
    assert enrollment.source == Enrollment.Source.GROUP
    assert enrollment.status == Enrollment.Status.ACTIVE
    assert has_course_access(person, group_course)

    services.remove_student(group.teacher, group, person)
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.EXPIRED
    assert not has_course_access(person, group_course)
    assert not Membership.objects.filter(student=person).exists()


def test_removal_keeps_a_bought_course_and_access_from_another_group(group, group_course):
    services.update_group(group.teacher, group, course=group_course)
    buyer = StudentFactory()
    Enrollment.objects.create(user=buyer, course=group_course, source=Enrollment.Source.PURCHASE)
    services.admit(group, buyer)
    services.remove_student(group.teacher, group, buyer)
    assert has_course_access(buyer, group_course)
    assert Enrollment.objects.get(user=buyer).source == Enrollment.Source.PURCHASE

    twice = StudentFactory()
    second = GroupFactory(teacher=group.teacher, course=group_course)
    services.admit(group, twice)
    services.admit(second, twice)
    services.remove_student(group.teacher, group, twice)
    assert has_course_access(twice, group_course)  # still in the second group
    services.remove_student(group.teacher, second, twice)
    assert not has_course_access(twice, group_course)


def test_completed_course_stays_completed_on_removal(group, group_course):
    services.update_group(group.teacher, group, course=group_course)
    person = StudentFactory()
    services.admit(group, person)
    Enrollment.objects.filter(user=person).update(status=Enrollment.Status.COMPLETED)
    services.remove_student(group.teacher, group, person)
    assert Enrollment.objects.get(user=person).status == Enrollment.Status.COMPLETED


def test_retying_a_group_moves_its_members_access(group, group_course, catalog, teacher):
    person = StudentFactory()
    services.admit(group, person)
    assert not Enrollment.objects.filter(user=person).exists()
    services.update_group(teacher, group, course=group_course)
    assert has_course_access(person, group_course)
    other = CoursePageFactory(parent=catalog, teacher=teacher, price=500)
    services.update_group(teacher, group, course=other)
    assert has_course_access(person, other)
    assert not has_course_access(person, group_course)
    services.update_group(teacher, group, course=None)
    assert not has_course_access(person, other)


def test_deleting_a_group_closes_group_access(group, group_course):
    services.update_group(group.teacher, group, course=group_course)
    person = StudentFactory()
    services.admit(group, person)
    services.delete_group(group.teacher, group)
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not has_course_access(person, group_course)


def test_remove_someone_not_in_the_group(group, outsider):
    with pytest.raises(ValidationError):
        services.remove_student(group.teacher, group, outsider)


def test_groups_for_teacher_student_and_staff(group, member, other_teacher, admin_user, outsider):
    other = GroupFactory(teacher=other_teacher)
    MembershipFactory(group=other, student=member)
    MembershipFactory(group=other)
    assert list(services.groups_for(group.teacher)) == [group]
    mine = {g.pk: g.students_count for g in services.groups_for(member)}
    assert mine == {group.pk: 1, other.pk: 2}
    assert set(services.groups_for(admin_user)) == {group, other}
    assert list(services.groups_for(outsider)) == []
