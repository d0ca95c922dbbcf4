"""Calendar event titles are never clipped mid-word, and the whole title is the accessible name."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from ..conftest import skip_or_fail
from ..factories import HomePageFactory, TeacherFactory
from ..schedule.factories import GroupFactory
from ..schedule.ui_fixtures import lesson_now, midday_zone
from .test_course_publishing import sign_in
from .test_timetable import in_zone

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULLCALENDAR = Path(django_settings.BASE_DIR) / "portal/static/vendor/fullcalendar"
TITLE = "Электродинамика и магнитостатика для продолжающих"

# Whether any line of the title's text is wider than its box (the mark of a mid-word cut).
CLIPPED = """el => {
  const title = el.querySelector('.fc-event-title') || el;
  return title.scrollWidth > title.clientWidth + 1;
}"""


@pytest.mark.parametrize(("width", "view"), [(1366, "Месяц"), (1366, "Неделя"), (390, "День")])
def test_long_titles_wrap_at_words_and_are_named_in_full(page, live_server, width, view):
    from wagtail.models import Locale, Page, Site

    if not (FULLCALENDAR / "fullcalendar.min.js").exists():
        skip_or_fail("FullCalendar is not built: run `make setup` (npm ci and bundling)")
    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-calendar")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    teacher = TeacherFactory(verified=True)
    group = GroupFactory(teacher=teacher, name="Физика")
    lesson_now(group, title=TITLE)

    page.set_viewport_size({"width": width, "height": 900})
    in_zone(page, midday_zone())
    sign_in(page, live_server, teacher)
    page.goto("/ru/schedule/")
    page.locator("[data-calendar][data-ready=true]").wait_for()
    page.get_by_role("button", name=view).click()
    event = page.locator(".fc-event", has_text="Электродинамика").first
    event.wait_for()

    assert TITLE in event.get_attribute("aria-label")
    assert TITLE in event.get_attribute("title")
    assert event.evaluate(CLIPPED) is False
