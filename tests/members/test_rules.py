"""Who sees a profile: every choice × every kind of viewer, for the predicate, the list
filter (the same rule for a page of names) and the page itself."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from learning.enrollment.models import Enrollment
from members import permissions, services
from members.errors import ProfileNotFound

from ..courses.factories import CoursePageFactory
from ..factories import TeacherFactory
from .conftest import VISIBILITIES, member_with

pytestmark = pytest.mark.django_db

# (visibility, viewer) -> may see
EXPECTED = {
    ("public", "anonymous"): True,
    ("public", "member"): True,
    ("public", "self"): True,
    ("public", "staff"): True,
    ("members", "anonymous"): False,
    ("members", "member"): True,
    ("members", "self"): True,
    ("members", "staff"): True,
    ("private", "anonymous"): False,
    ("private", "member"): False,
    ("private", "self"): True,
    ("private", "staff"): True,
}


def viewer_for(kind: str, person, stranger, staff):
    return {"anonymous": AnonymousUser(), "member": stranger, "self": person, "staff": staff}[kind]


@pytest.mark.parametrize(("visibility", "kind"), list(EXPECTED))
def test_the_rule_for_each_choice_and_viewer(visibility, kind, stranger, staff, client):
    person = member_with(visibility)
    viewer = viewer_for(kind, person, stranger, staff)
    expected = EXPECTED[(visibility, kind)]
    assert permissions.can_view_profile(viewer, person) is expected
    # The list filter (names linked on review lists) agrees with the predicate.
    listed = User.objects.filter(pk=person.pk).filter(permissions.viewable_by(viewer)).exists()
    assert listed is expected
    # And the page answers accordingly: 404 for a profile not shown (its existence hidden).
    if kind != "anonymous":
        client.force_login(viewer)
    response = client.get(f"/ru/members/{person.pk}/")
    assert response.status_code == (200 if expected else 404)


def test_a_member_without_settings_has_the_default_signed_in_members(stranger):
    person = member_with("public")
    person.profile_settings.delete()
    person = User.objects.get(pk=person.pk)
    assert not permissions.can_view_profile(AnonymousUser(), person)
    assert permissions.can_view_profile(stranger, person)


def test_private_is_shown_to_the_members_teachers_only(catalog, stranger):
    """ "Only me and my teachers": a teacher of one of their courses sees it, another not."""
    person = member_with("private")
    their_teacher = TeacherFactory(verified=True)
    course = CoursePageFactory(parent=catalog, teacher=their_teacher, owner=their_teacher)
    Enrollment.objects.create(user=person, course=course, source="free", status="active")
    other_teacher = TeacherFactory(verified=True)
    assert services.profile(their_teacher, person.pk).id == person.pk
    for viewer in (other_teacher, stranger):
        with pytest.raises(ProfileNotFound):
            services.profile(viewer, person.pk)


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_a_deactivated_account_has_no_profile_even_for_staff(visibility, staff, client):
    person = member_with(visibility, is_active=False)
    client.force_login(staff)
    assert client.get(f"/ru/members/{person.pk}/").status_code == 404
    assert not permissions.can_view_profile(staff, person)


def test_people_who_run_the_site_show_no_profile_but_to_themselves_and_staff(
    moderator, stranger, staff, client
):
    from .conftest import set_visibility

    set_visibility(moderator, "public")
    for viewer in (AnonymousUser(), stranger):
        with pytest.raises(ProfileNotFound):
            services.profile(viewer, moderator.pk)
    assert services.profile(moderator, moderator.pk).is_self
    assert services.profile(staff, moderator.pk).id == moderator.pk
    assert not User.objects.filter(pk=moderator.pk).filter(permissions.viewable_by(stranger))


def test_no_such_member_and_a_hidden_one_get_the_same_answer(client, stranger):
    hidden = member_with("private")
    missing = client.get("/ru/members/987654/")
    private = client.get(f"/ru/members/{hidden.pk}/")
    assert missing.status_code == private.status_code == 404

    # The pages differ only in their own address (canonical, language links, "next").
    def without_address(response, pk) -> str:
        html = response.content.decode()
        return html.replace(f"members/{pk}/", "members//").replace(
            f"members%2F{pk}%2F", "members%2F%2F"
        )

    assert without_address(missing, 987654) == without_address(private, hidden.pk)
    assert 'data-testid="profile-sign-in"' in private.content.decode()
    assert "Петрова" not in private.content.decode()


def test_the_answer_is_in_the_visitors_language(client):
    hidden = member_with("private")
    assert "Профиль недоступен" in client.get(f"/ru/members/{hidden.pk}/").content.decode()
    assert "Profile not available" in client.get(f"/en/members/{hidden.pk}/").content.decode()
