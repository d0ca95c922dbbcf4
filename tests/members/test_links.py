"""Names linked to profiles where they appear, as far as the viewer may open them; the
settings page's way to the member's own profile."""

import pytest

from ..reviews.helpers import review
from .conftest import member_with

pytestmark = pytest.mark.django_db


def author_link(html: str, person) -> bool:
    return f'href="/ru/members/{person.pk}/" data-testid="review-author-profile"' in html


def test_review_authors_link_to_the_profiles_the_viewer_may_open(client, course, stranger):
    public = member_with("public")
    members_only = member_with("members")
    private = member_with("private")
    for person in (public, members_only, private):
        review(course, author=person)
    html = client.get(course.url).content.decode()
    assert author_link(html, public)
    assert not author_link(html, members_only) and not author_link(html, private)
    client.force_login(stranger)
    html = client.get(course.url).content.decode()
    assert author_link(html, public) and author_link(html, members_only)
    assert not author_link(html, private)


def test_review_authors_on_a_tutor_page_link_too(client, tutor):
    person = member_with("public")
    review(tutor, author=person)
    assert author_link(client.get(tutor.tutor_page.url).content.decode(), person)


@pytest.mark.parametrize("page", ["/ru/cabinet/settings/", "/ru/cabinet/profile/"])
def test_the_member_finds_their_own_profile_from_the_cabinet(client, stranger, page):
    client.force_login(stranger)
    html = client.get(page).content.decode()
    assert f'href="/ru/members/{stranger.pk}/" data-testid="view-my-profile"' in html


def test_the_settings_page_saves_the_choice_the_profile_follows(client, stranger):
    person = member_with("members")
    client.force_login(person)
    response = client.post("/ru/cabinet/settings/", {"profile_visibility": "public"})
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/ru/members/{person.pk}/").status_code == 200
