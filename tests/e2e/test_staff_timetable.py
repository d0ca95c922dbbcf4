"""Staff open the calendar and see every teacher's lessons; narrowing to one teacher reaches
the events the calendar loads (FullCalendar sends the narrowing beside its dates)."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from ..conftest import skip_or_fail
from ..factories import HomePageFactory, TeacherFactory, UserFactory
from ..schedule.factories import GroupFactory
from ..schedule.ui_fixtures import lesson_now
from .test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULLCALENDAR = Path(django_settings.BASE_DIR) / "portal/static/vendor/fullcalendar"


@pytest.fixture
def school():
    from wagtail.models import Page, Site

    if not (FULLCALENDAR / "fullcalendar.min.js").exists():
        skip_or_fail("FullCalendar is not built: run `make setup` (npm ci and bundling)")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-staff-timetable")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    physics = TeacherFactory(first_name="Ирина", last_name="Физикова", verified=True)
    chemistry = TeacherFactory(first_name="Олег", last_name="Химиков", verified=True)
    # Tomorrow at noon UTC: inside the day view whatever the browser's zone.
    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0) + dt.timedelta(1)
    at = noon - timezone.now()
    lesson_now(GroupFactory(teacher=physics, name="Физика 9А"), title="Оптика", starts_in=at)
    lesson_now(
        GroupFactory(teacher=chemistry, name="Химия 8Б"),
        title="Реакции",
        starts_in=at + dt.timedelta(hours=2),
    )
    return {
        "staff": UserFactory(first_name="Анна", last_name="Завуч", is_staff=True, verified=True),
        "chemistry": chemistry,
        "day": noon.date(),
    }


def test_staff_see_every_teacher_and_narrow_to_one(page, live_server, school):
    page.context.new_cdp_session(page).send("Emulation.setTimezoneOverride", {"timezoneId": "UTC"})
    sign_in(page, live_server, school["staff"])
    page.goto(f"/ru/schedule/?date={school['day'].isoformat()}")
    page.locator("[data-calendar][data-ready=true]").wait_for()
    page.locator(".fc-event", has_text="Оптика").first.wait_for()
    page.locator(".fc-event", has_text="Реакции").first.wait_for()

    filters = page.get_by_test_id("calendar-filters")
    filters.locator("select[name=teacher]").select_option(str(school["chemistry"].public_id))
    with page.expect_navigation():
        filters.get_by_role("button").click()
    page.locator("[data-calendar][data-ready=true]").wait_for()
    page.locator(".fc-event", has_text="Реакции").first.wait_for()
    assert page.locator(".fc-event", has_text="Оптика").count() == 0
    assert not page.js_errors and not page.csp_violations
