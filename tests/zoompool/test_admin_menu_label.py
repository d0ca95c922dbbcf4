"""The video pool's menu label fits Wagtail's sidebar (it was cut to "Пул аккаунто…")."""

import json

import pytest

pytestmark = pytest.mark.django_db


def test_the_menu_label_is_short(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/").content.decode()
    # The sidebar's items travel as JSON (non-ASCII escaped).
    label = json.dumps("Zoom-аккаунты")[1:-1]
    assert "Zoom-аккаунты" in html or label in html
    assert json.dumps("Пул аккаунтов Zoom")[1:-1] not in html
    assert "Пул аккаунтов Zoom" not in html
