"""The staff's read-only timetable overview in the Wagtail admin."""

import pytest

from .factories import LiveLessonFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_staff_see_groups_rules_and_lessons_but_cannot_edit(client, admin_user, rule, member):
    LiveLessonFactory(group=rule.group, title="Консультация")
    MembershipFactory(group=rule.group)
    client.force_login(admin_user)
    groups = client.get("/admin/schedule_groups/")
    assert groups.status_code == 200
    assert "Физика 9А" in groups.content.decode()
    assert "Механика" in client.get("/admin/schedule_rules/").content.decode()
    assert "Консультация" in client.get("/admin/live_lessons/").content.decode()
    assert client.get(f"/admin/schedule_rules/inspect/{rule.pk}/").status_code == 200
    assert client.get(f"/admin/schedule_rules/edit/{rule.pk}/").status_code in (302, 403)
    assert client.get("/admin/schedule_groups/new/").status_code in (302, 403)
    assert client.post(f"/admin/schedule_rules/delete/{rule.pk}/").status_code in (302, 403)
    rule.refresh_from_db()


def test_teachers_do_not_get_the_overview(client, teacher):
    client.force_login(teacher)
    assert client.get("/admin/schedule_groups/").status_code in (302, 403)
