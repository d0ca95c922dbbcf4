"""The orders list's empty state reads as Russian, not "Нет заказы для отображения."."""

import pytest

pytestmark = pytest.mark.django_db


def test_empty_orders_list_says_so_in_proper_russian(client, admin_user):
    client.force_login(admin_user)
    html = client.get("/admin/orders/").content.decode()
    assert "Заказов пока нет." in html
    assert "Нет заказы" not in html
    searched = client.get("/admin/orders/", {"q": "nobody@example.com"}).content.decode()
    assert "Нет заказов, подходящих под поиск или фильтры." in searched
