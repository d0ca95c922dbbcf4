"""The accounts errors speak core.errors' language (status, field) and the rules say who may."""

from accounts import permissions as rules
from accounts.errors import AccountError, EmailNotVerified, EmailTaken
from core.errors import Invalid, NotAllowed
from courses.errors import CourseConflict


def test_email_taken_is_a_400_naming_the_email_field():
    error = EmailTaken()
    assert isinstance(error, AccountError) and isinstance(error, Invalid)
    assert (error.status, error.field) == (400, "email")


def test_email_not_verified_is_a_403():
    error = EmailNotVerified()
    assert isinstance(error, AccountError) and isinstance(error, NotAllowed)
    assert error.status == 403 and error.field is None


def test_course_conflict_is_a_409():
    assert CourseConflict("busy").status == 409


class _Person:
    def __init__(self, pk, *, staff=False, teacher=False):
        self.pk, self.is_staff, self.is_superuser = pk, staff, False
        self.is_authenticated, self.is_teacher = True, teacher


def test_people_edit_themselves_admins_edit_and_delete_anyone():
    me, other, admin = _Person(1), _Person(2), _Person(3, staff=True)
    assert rules.can_edit_user(me, me) and not rules.can_edit_user(me, other)
    assert rules.can_edit_user(admin, other) and rules.can_delete_user(admin, other)
    assert not rules.can_delete_user(me, me)
    assert rules.can_list_people(_Person(4, teacher=True)) and not rules.can_list_people(me)
