"""Admins cannot lock everyone out: not their own account, not the last active superuser."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from tests.factories import AdminFactory, StudentFactory
from tests.races import at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(db):
    """The only superuser."""
    return AdminFactory(first_name="Olga", last_name="Boss")


@pytest.fixture
def manager(db):
    """Staff who manage users in the admin, not a superuser."""
    group = Group.objects.create(name="User managers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="accounts",
            codename__in=["add_user", "change_user", "delete_user"],
        ),
    )
    user = StudentFactory(is_staff=True, first_name="Max", last_name="Manager")
    user.groups.add(group)
    return user


def edit_form(user, **changes):
    data = {
        "email": user.email,
        "first_name": user.first_name or "A",
        "last_name": user.last_name or "B",
        "password1": "",
        "password2": "",
    }
    if user.is_active:
        data["is_active"] = "on"
    if user.is_superuser:
        data["is_superuser"] = "on"
    for key, value in changes.items():
        if value is False:
            data.pop(key, None)
        else:
            data[key] = value
    return data


class TestWagtailUserEdit:
    def test_deactivating_the_last_active_superuser_is_refused(self, client, boss, manager):
        client.force_login(manager)

        response = client.post(
            reverse("wagtailusers_users:edit", args=[boss.pk]), edit_form(boss, is_active=False)
        )

        assert response.status_code == 200
        errors = response.context["form"].errors["is_active"]
        assert "Olga Boss" in errors[0]
        boss.refresh_from_db()
        assert boss.is_active and boss.is_superuser

    def test_demoting_the_last_active_superuser_is_refused(self, client, boss, manager):
        client.force_login(manager)

        response = client.post(
            reverse("wagtailusers_users:edit", args=[boss.pk]), edit_form(boss, is_superuser=False)
        )

        assert response.status_code == 200
        assert response.context["form"].errors["is_superuser"]
        boss.refresh_from_db()
        assert boss.is_superuser

    def test_with_another_active_superuser_it_is_allowed(self, client, boss, manager):
        AdminFactory()
        client.force_login(manager)

        response = client.post(
            reverse("wagtailusers_users:edit", args=[boss.pk]), edit_form(boss, is_active=False)
        )

        assert response.status_code == 302
        boss.refresh_from_db()
        assert not boss.is_active

    def test_an_inactive_superuser_does_not_count(self, client, boss, manager):
        AdminFactory(is_active=False)
        client.force_login(manager)

        client.post(
            reverse("wagtailusers_users:edit", args=[boss.pk]), edit_form(boss, is_active=False)
        )

        boss.refresh_from_db()
        assert boss.is_active

    def test_ordinary_edits_of_the_last_superuser_still_work(self, client, boss, manager):
        client.force_login(manager)

        response = client.post(
            reverse("wagtailusers_users:edit", args=[boss.pk]), edit_form(boss, first_name="Ola")
        )

        assert response.status_code == 302
        boss.refresh_from_db()
        assert boss.first_name == "Ola" and boss.is_active

    def test_the_only_superuser_editing_themselves_is_not_refused(self, client, boss):
        client.force_login(boss)
        data = edit_form(boss, first_name="Ola")
        del data["is_active"], data["is_superuser"]  # Wagtail leaves them off one's own form

        response = client.post(reverse("wagtailusers_users:edit", args=[boss.pk]), data)

        assert response.status_code == 302


class TestWagtailBulkActions:
    def bulk(self, client, action, users, data):
        url = reverse("wagtail_bulk_action", args=["accounts", "user", action])
        query = "&".join(f"id={user.pk}" for user in users)
        return client.post(f"{url}?next=/admin/users/&{query}", data)

    def test_marking_the_last_superuser_inactive_is_refused(self, client, boss, manager):
        someone = StudentFactory()
        client.force_login(manager)

        response = self.bulk(
            client, "set_active_state", [boss, someone], {"mark_as_active": "False"}
        )

        assert response.status_code == 302
        boss.refresh_from_db()
        someone.refresh_from_db()
        assert boss.is_active and someone.is_active  # nothing changed
        shown = [str(m) for m in client.get("/admin/users/").context["messages"]]
        assert any("Olga Boss" in message for message in shown)

    def test_marking_others_inactive_still_works(self, client, boss, manager):
        someone = StudentFactory()
        client.force_login(manager)

        self.bulk(client, "set_active_state", [someone], {"mark_as_active": "False"})

        someone.refresh_from_db()
        assert not someone.is_active


class TestApi:
    def test_an_admin_cannot_deactivate_their_own_account(self, api_client, boss):
        AdminFactory()  # not the last superuser: the rule is about oneself
        api_client.force_authenticate(boss)

        response = api_client.patch(
            f"/api/users/{boss.public_id}/", {"is_active": False}, format="json"
        )

        assert response.status_code == 409
        assert response.json()["code"] == "own_account"
        boss.refresh_from_db()
        assert boss.is_active

    def test_an_admin_cannot_delete_their_own_account(self, api_client, boss):
        AdminFactory()
        api_client.force_authenticate(boss)

        response = api_client.delete(f"/api/users/{boss.public_id}/")

        assert response.status_code == 409
        assert response.json()["code"] == "own_account"
        assert User.objects.filter(pk=boss.pk).exists()

    @pytest.mark.parametrize("method", ["patch", "delete"])
    def test_staff_cannot_remove_the_last_active_superuser(self, api_client, boss, manager, method):
        api_client.force_authenticate(manager)
        url = f"/api/users/{boss.public_id}/"

        if method == "patch":
            response = api_client.patch(url, {"is_active": False}, format="json")
        else:
            response = api_client.delete(url)

        assert response.status_code == 409
        assert response.json()["code"] == "last_superuser"
        assert "Olga Boss" in response.json()["detail"]
        boss.refresh_from_db()
        assert boss.is_active

    def test_deactivating_someone_else_still_works(self, api_client, boss):
        someone = StudentFactory()
        api_client.force_authenticate(boss)

        response = api_client.patch(
            f"/api/users/{someone.public_id}/", {"is_active": False}, format="json"
        )

        assert response.status_code == 200
        assert response.json()["is_active"] is False
        someone.refresh_from_db()
        assert not someone.is_active


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_superusers_deactivating_each_other_at_once_leave_one_standing(postgres):
    admins = [AdminFactory() for _ in range(6)]
    # Each deactivates the next one, all at the same moment.
    jobs = [(admins[i], admins[(i + 1) % len(admins)]) for i in range(len(admins))]

    def deactivate(actor, target):
        client = APIClient()
        client.force_authenticate(actor)
        return client.patch(
            f"/api/users/{target.public_id}/", {"is_active": False}, format="json"
        ).status_code

    statuses = at_once([lambda pair=pair: deactivate(*pair) for pair in jobs])

    assert set(statuses) <= {200, 409}, statuses
    assert statuses.count(409) >= 1
    assert User.objects.filter(is_superuser=True, is_active=True).count() >= 1
