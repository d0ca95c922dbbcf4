"""The demo accounts (people.yaml) and the tutors' accounts and profiles (tutors.yaml).

A person is found by e-mail before being made, so a second run makes nobody twice; an
existing account keeps its password and names, and only gets what is missing (profiles, a
verified e-mail address, the Wagtail group).
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import TeacherProfile, User
from accounts.services import ensure_profiles, set_role


def demo_account(
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    password: str,
    *,
    superuser: bool = False,
) -> tuple[User, bool]:
    """The account with this e-mail, made with the demo password if missing: (user, created)."""
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    user = User(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(password)
    user.save()
    return user, True


def verified_email(user: User) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def load_people(data: dict[str, Any]) -> list[tuple[User, str]]:
    """The people of people.yaml, each with its label (admin, editor, tutor, student…)."""
    people = []
    for person in data["people"]:
        user, _created = demo_account(
            person["email"],
            person["first_name"],
            person["last_name"],
            person["role"],
            data["password"],
            superuser=person["superuser"],
        )
        ensure_profiles(user)
        verified_email(user)
        if person["group"]:
            user.groups.add(Group.objects.get(name=person["group"]))
        people.append((user, person["label"]))
    return people


def load_tutor_accounts(tutors: list[dict[str, Any]], password: str) -> dict[str, User]:
    """The tutors' accounts by e-mail: teachers, verified, their profiles' blanks filled in."""
    accounts = {}
    for tutor in tutors:
        user, created = demo_account(
            tutor["email"], tutor["first_name"], tutor["last_name"], User.Role.TEACHER, password
        )
        if not created and user.role != User.Role.TEACHER:
            set_role(user, User.Role.TEACHER)
        ensure_profiles(user)
        verified_email(user)
        _fill_profile(user.teacher_profile, tutor)
        accounts[tutor["email"]] = user
    return accounts


def _fill_profile(profile: TeacherProfile, tutor: dict[str, Any]) -> None:
    """Fill the blank parts of the teacher profile; what the tutor wrote stays."""
    changed = []
    for name, value in (
        ("expertise", tutor["headline"]),
        ("experience_years", tutor["experience_years"]),
        ("education", tutor["education"]),
        ("bio", "\n\n".join(tutor["bio"])),
    ):
        if not getattr(profile, name):
            setattr(profile, name, value)
            changed.append(name)
    if changed:
        profile.save(update_fields=changed)
