"""The pool in the Wagtail admin: staff only, a live list of who holds which account, secrets
typed but never shown, and the week's peak use."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from learning.zoompool.models import ZoomAccount

from ..factories import TeacherFactory, UserFactory
from .conftest import make_account, make_lesson

pytestmark = pytest.mark.django_db

INDEX = "/admin/zoom_accounts/"
PEAK = "/admin/zoom_peak_use/"
SECRET = "super-secret-client-value"
TOKEN = "super-secret-webhook-value"


def admin_user_with(*codenames, staff=True):
    user = UserFactory(is_staff=staff)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="zoompool", codename__in=codenames),
    )
    return user


def form_data(**changes) -> dict:
    data = {
        "label": "Школа 1",
        "account_id": "AbC123",
        "client_id": "client-abc",
        "client_secret": SECRET,
        "webhook_secret_token": TOKEN,
        "zoom_user_id": "host@school.example",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_live_list_shows_who_holds_which_account(
    client, admin_user, django_assert_max_num_queries
):
    now = timezone.now()
    for n in range(25):
        account = make_account(client_secret=SECRET, webhook_secret_token=TOKEN)
        if n < 20:
            lesson = make_lesson(TeacherFactory(first_name="Учитель", last_name=f"№{n}"))
            ZoomAccount.objects.filter(pk=account.pk).update(
                is_busy=True, current_lesson=lesson, busy_since=now - timedelta(minutes=n)
            )
    make_account(label="Сломанный", last_error="Zoom token: Invalid client_id (HTTP 400)")
    client.force_login(admin_user)

    with django_assert_max_num_queries(30):
        response = client.get(INDEX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Учитель №7" in html and "Алгебра: квадратные уравнения" in html
    assert "Invalid client_id" in html and "Сломанный" in html
    busy = ngettext(
        "%(counter)s of %(active)s active account is busy",
        "%(counter)s of %(active)s active accounts are busy",
        20,
    ) % {"counter": 20, "active": 26}
    assert busy in html
    assert 'src="/static/zoompool/pool_live.js"' in html
    assert SECRET not in html and TOKEN not in html

    # The fragment the page fetches every few seconds: the same list, as fresh.
    with django_assert_max_num_queries(30):
        results = client.get(INDEX + "results/")
    assert results.status_code == 200 and "Учитель №7" in results.content.decode()
    assert SECRET not in results.content.decode()


def test_secrets_are_written_never_shown(client, admin_user):
    client.force_login(admin_user)
    add = client.get(INDEX + "new/")
    assert add.status_code == 200 and 'type="password"' in add.content.decode()
    # Created: the secrets are required at first.
    missing = client.post(INDEX + "new/", form_data(client_secret=""))
    assert missing.status_code == 200 and not ZoomAccount.objects.exists()
    assert client.post(INDEX + "new/", form_data()).status_code == 302
    account = ZoomAccount.objects.get()
    assert (account.client_secret, account.webhook_secret_token) == (SECRET, TOKEN)

    edit = client.get(f"{INDEX}edit/{account.pk}/")
    html = edit.content.decode()
    assert edit.status_code == 200 and "AbC123" in html
    assert SECRET not in html and TOKEN not in html
    assert (
        escape(gettext("Stored encrypted and never shown. Leave blank to keep the current one."))
        in html
    )

    # Blank keeps the stored secrets; a form error never echoes a typed secret back.
    bad = client.post(f"{INDEX}edit/{account.pk}/", form_data(label="", client_secret="typed-new"))
    assert bad.status_code == 200 and "typed-new" not in bad.content.decode()
    kept = client.post(
        f"{INDEX}edit/{account.pk}/",
        form_data(label="Школа 2", client_secret="", webhook_secret_token=""),
    )
    assert kept.status_code == 302
    account.refresh_from_db()
    assert account.label == "Школа 2"
    assert (account.client_secret, account.webhook_secret_token) == (SECRET, TOKEN)

    changed = client.post(f"{INDEX}edit/{account.pk}/", form_data(client_secret="rotated"))
    assert changed.status_code == 302
    account.refresh_from_db()
    assert account.client_secret == "rotated" and account.webhook_secret_token == TOKEN

    history = client.get(f"{INDEX}history/{account.pk}/")
    assert history.status_code == 200
    assert "rotated" not in history.content.decode() and SECRET not in history.content.decode()


def test_the_export_leaves_the_secrets_out(client, admin_user):
    make_account(client_secret=SECRET, webhook_secret_token=TOKEN, label="Экспорт")
    client.force_login(admin_user)
    response = client.get(INDEX + "?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert response.status_code == 200 and "Экспорт" in body
    assert SECRET not in body and TOKEN not in body


def test_only_staff_see_the_pool(client):
    make_account(label="Видно только сотрудникам")
    tutor = admin_user_with("view_zoomaccount", "change_zoomaccount", staff=False)
    client.force_login(tutor)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.get(PEAK).status_code in (302, 403)
    assert "Видно только" not in client.get("/admin/").content.decode()

    staff = admin_user_with("view_zoomaccount")
    client.force_login(staff)
    assert client.get(INDEX).status_code == 200
    assert client.get(PEAK).status_code == 200
    # Viewing is not editing.
    assert client.get(INDEX + "new/").status_code in (302, 403)


def test_peak_use_of_a_week(client, admin_user, zoom):
    make_account()
    teacher = TeacherFactory()
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    at_ten = timezone.make_aware(datetime.combine(monday + timedelta(days=2), time(10)))
    # Two lessons overlap 10:30–11:00 on Wednesday: more than the one account.
    make_lesson(teacher, start=at_ten, length=timedelta(hours=1))
    make_lesson(TeacherFactory(), start=at_ten + timedelta(minutes=30), length=timedelta(hours=1))
    client.force_login(admin_user)

    response = client.get(PEAK)

    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="peak-grid"' in html
    grid = response.context["rows"]
    assert [cell["count"] for cell in grid[10]["cells"]] == [0, 0, 2, 0, 0, 0, 0]
    assert grid[10]["cells"][2]["level"] == "over"
    assert [cell["count"] for cell in grid[11]["cells"]][2] == 1
    assert response.context["usage"].peak == 2 and response.context["over"]

    next_week = client.get(PEAK + f"?week={(monday + timedelta(days=7)).isoformat()}")
    assert 'data-testid="peak-empty"' in next_week.content.decode()
    assert client.get(PEAK + "?week=not-a-date").status_code == 200
