"""The userbar for people who may open the admin, without a permission query per page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import StudentFactory

pytestmark = pytest.mark.django_db


def test_editors_get_the_userbar_and_learners_ask_for_no_permissions_each_time(
    client, home_page, admin_user
):
    client.force_login(admin_user)
    assert "wagtail-userbar" in client.get(home_page.url).content.decode()
    client.force_login(StudentFactory())
    assert "wagtail-userbar" not in client.get(home_page.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(home_page.url).content.decode()
    assert "wagtail-userbar" not in html
    assert not [q for q in queries if "auth_permission" in q["sql"]]


def test_the_cabinets_admin_link_is_asked_the_same_way(client, admin_user):
    client.force_login(admin_user)
    assert "/admin/" in client.get("/ru/cabinet/").content.decode()
    client.force_login(StudentFactory())
    client.get("/ru/cabinet/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/ru/cabinet/").content.decode()
    assert 'href="/admin/"' not in html
    assert not [q for q in queries if "auth_permission" in q["sql"]]
