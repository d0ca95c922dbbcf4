"""Opening /admin/ signed in without admin access ends on a page saying so, not in a loop."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

pytestmark = pytest.mark.django_db


def follow(client, url, limit=10):
    """Follow redirects one by one, as a browser does; fail on a loop. Returns the last
    response and every address visited."""
    visited = [url]
    response = client.get(url)
    while response.status_code in (301, 302):
        url = response.url
        assert url not in visited, f"redirect loop: {visited + [url]}"
        assert len(visited) < limit, f"too many redirects: {visited}"
        visited.append(url)
        response = client.get(url)
    return response, visited


@pytest.mark.parametrize("who", ["student", "teacher"])
def test_a_signed_in_person_without_access_gets_a_clear_403_page(client, request, who):
    person = request.getfixturevalue(who)
    # A teacher gets the admin with the teacher role (the Tutors group); staff may take it away.
    person.groups.clear()
    client.force_login(person)

    response, chain = follow(client, "/admin/")

    assert response.status_code == 403
    assert chain == ["/admin/", "/admin/login/?next=/admin/"]
    assert [t.name for t in response.templates][0] == "accounts/no_admin_access.html"
    html = response.content.decode()
    assert person.email in html
    assert 'href="/"' in html  # home
    assert f'action="{reverse("account_logout")}"' in html  # sign out
    # Wagtail's own "no permission" message is not shown twice, nor left for the next page.
    assert html.count("message-error") == 0
    assert "message-error" not in client.get(reverse("cabinet:home")).content.decode()


def test_the_same_for_any_admin_page(client, student):
    client.force_login(student)
    response, _chain = follow(client, "/admin/pages/")
    assert response.status_code == 403


def test_signing_out_from_that_page_leads_to_the_sign_in_for_the_admin(client, student):
    client.force_login(student)
    response, _chain = follow(client, "/admin/")
    next_url = response.context["sign_in_again"]

    signed_out = client.post(reverse("account_logout"), {"next": next_url})

    assert signed_out.status_code == 302
    assert signed_out.url == next_url
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_still_go_to_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=/admin/pages/"


def test_people_with_admin_access_go_on_to_the_admin(client, teacher):
    teacher.groups.add(Group.objects.get(name="Editors"))
    client.force_login(teacher)

    response = client.get("/admin/login/?next=/admin/pages/")

    assert response.status_code == 302
    assert response.url == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_an_offsite_next_is_not_followed(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response.url == reverse("wagtailadmin_home")
