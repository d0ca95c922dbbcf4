"""A teacher puts a weekly lesson in the calendar, its student sees it read-only, the teacher
starts it (a pool account lent against the local Zoom stand-in) and marks attendance."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from learning.schedule.models import Attendance, LiveLesson, RecurringLesson
from learning.zoompool.models import ZoomAccount

from ..conftest import skip_or_fail
from ..factories import HomePageFactory, StudentFactory, TeacherFactory
from ..schedule.factories import GroupFactory, MembershipFactory
from ..schedule.ui_fixtures import make_account, midday_zone
from ..zoompool.fake_zoom import FakeZoom
from .test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FULLCALENDAR = Path(django_settings.BASE_DIR) / "portal/static/vendor/fullcalendar"


class ZoomStandIn(FakeZoom):
    """The fake Zoom, whose start and join pages are its own (the browser never leaves this
    machine): /s/<id> answers like Zoom's "launching the meeting" page would."""

    def _meeting_urls(self, meeting_id: str) -> dict:
        urls = super()._meeting_urls(meeting_id)
        return {name: url.replace("https://zoom.us", self.url) for name, url in urls.items()}

    def answer(self, request: dict):
        if request["method"] == "GET" and request["path"].startswith(("/s/", "/j/")):
            with self.lock:
                self.requests.append({**request, "route": "page"})
            return 200, {"zoom": "launching the meeting"}, {}
        return super().answer(request)


@pytest.fixture
def timetable(settings):
    from wagtail.models import Locale, Page, Site

    if not (FULLCALENDAR / "fullcalendar.min.js").exists():
        skip_or_fail("FullCalendar is not built: run `make setup` (npm ci and bundling)")
    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-timetable")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    teacher = TeacherFactory(first_name="Ирина", last_name="Учителева", verified=True)
    student = StudentFactory(first_name="Пётр", last_name="Учеников", verified=True)
    group = GroupFactory(teacher=teacher, name="Физика 9А", colour="#e4572e")
    MembershipFactory(group=group, student=student)
    with ZoomStandIn() as zoom:
        account = make_account(zoom)
        # Start lesson posts, then is redirected to Zoom's start page: form-action must allow
        # it (production lists https://*.zoom.us).
        directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
        settings.CONTENT_SECURITY_POLICY = {
            **settings.CONTENT_SECURITY_POLICY,
            "DIRECTIVES": {
                **directives,
                "form-action": [*directives["form-action"], zoom.url],
            },
        }
        yield {
            "teacher": teacher,
            "student": student,
            "group": group,
            "zoom": zoom,
            "account": account,
        }


def in_zone(page, zone: str) -> None:
    """The browser's clock in the lesson's zone, so the calendar and the form agree on dates."""
    page.context.new_cdp_session(page).send("Emulation.setTimezoneOverride", {"timezoneId": zone})


def open_calendar(page):
    page.goto("/ru/schedule/")
    page.locator("[data-calendar][data-ready=true]").wait_for()
    return page.locator(".fc-event", has_text="Механика")


def test_weekly_lesson_from_calendar_to_attendance(page, live_server, timetable):
    import datetime as dt
    import zoneinfo

    from django.utils import timezone

    teacher, student, group = timetable["teacher"], timetable["student"], timetable["group"]
    zone = midday_zone()
    start = (timezone.now() + dt.timedelta(minutes=5)).astimezone(zoneinfo.ZoneInfo(zone))
    end = start + dt.timedelta(hours=1)
    in_zone(page, zone)

    # The teacher adds a weekly lesson in the calendar's dialog.
    sign_in(page, live_server, teacher)
    open_calendar(page)
    page.get_by_test_id("new-rule").click()
    dialog = page.locator("dialog[open]")
    form = dialog.locator("form[data-kind-form=rule]")
    form.wait_for()
    assert dialog.locator("form[data-kind-form=lesson]").is_hidden()
    assert "upper week" in form.inner_text() or "верхн" in form.inner_text()
    form.locator("select[name=rule-group]").select_option(str(group.pk))
    form.locator("input[name=rule-title]").fill("Механика")
    form.locator("select[name=rule-weekday]").select_option(str(start.weekday()))
    form.locator("select[name=rule-week_type]").select_option("all")
    form.locator("input[name=rule-start_time]").fill(start.strftime("%H:%M"))
    form.locator("input[name=rule-end_time]").fill(end.strftime("%H:%M"))
    form.locator("input[name=rule-start_date]").fill(start.date().isoformat())
    until = start.date() + dt.timedelta(days=60)
    form.locator("input[name=rule-end_date]").fill(until.isoformat())
    assert form.locator("select[name=rule-timezone]").input_value() == zone  # the browser's
    with page.expect_navigation():
        form.get_by_role("button").first.click()
    page.locator("[data-calendar][data-ready=true]").wait_for()
    rule = RecurringLesson.objects.get()
    assert (rule.group, rule.title, rule.timezone) == (group, "Механика", zone)
    assert (rule.start_date, rule.end_date) == (start.date(), until)
    event = page.locator(".fc-event", has_text="Механика")
    event.first.wait_for()
    assert "fc-event-draggable" in (event.first.get_attribute("class") or "")

    # The student sees it, read-only.
    sign_in(page, live_server, student)
    event = open_calendar(page)
    event.first.wait_for()
    assert "fc-event-draggable" not in (event.first.get_attribute("class") or "")
    assert page.get_by_test_id("new-rule").count() == 0
    event.first.click()
    page.wait_for_url(re.compile(r"/ru/schedule/lessons/rule:\d+:"))
    assert page.get_by_test_id("start-lesson").count() == 0
    assert page.get_by_test_id("join-lesson").count() == 0

    # The teacher opens it from the calendar and starts it: off to Zoom's start URL.
    sign_in(page, live_server, teacher)
    event = open_calendar(page)
    event.first.click()
    page.wait_for_url(re.compile(rf"/ru/schedule/lessons/rule:{rule.pk}:"))
    with page.expect_navigation(url=re.compile(rf"^{re.escape(timetable['zoom'].url)}/s/")):
        page.get_by_test_id("start-lesson").click()
    lesson = LiveLesson.objects.get(rule=rule)
    assert lesson.status == LiveLesson.Status.LIVE
    assert page.url == lesson.start_url
    assert ZoomAccount.objects.get(pk=timetable["account"].pk).current_lesson == lesson
    assert len(timetable["zoom"].calls("create")) == 1 and timetable["zoom"].calls("page")

    # Back on the lesson's page, the teacher marks attendance: present by default.
    page.goto(f"/ru/schedule/lessons/rule:{rule.pk}:{start.date().isoformat()}/")
    page.wait_for_url(re.compile(rf"/ru/schedule/lessons/lesson:{lesson.pk}/$"))
    page.get_by_test_id("mark-attendance").click()
    row = page.locator(f"[data-testid=attendance-student][data-student='{student.email}']")
    assert row.locator("input[value=present]").is_checked()
    row.locator("input[value=late]").check()
    row.locator("input[type=text]").fill("опоздал на 5 минут")
    with page.expect_navigation():
        page.get_by_test_id("save-attendance").click()
    record = Attendance.objects.get(lesson=lesson, student=student)
    assert (record.status, record.note) == ("late", "опоздал на 5 минут")
    assert page.get_by_test_id("attendance-row").count() == 1

    # The student can join now, and sees their own attendance.
    sign_in(page, live_server, student)
    page.goto(f"/ru/schedule/lessons/lesson:{lesson.pk}/")
    assert page.get_by_test_id("join-lesson").get_attribute("href") == lesson.join_url
    assert "опоздал на 5 минут" in page.get_by_test_id("own-attendance").inner_text()

    assert page.csp_violations == [] and page.js_errors == []


def drag(page, event, column_date: str, time: str) -> None:
    """Drag a calendar event by its top edge to ``time`` on ``column_date`` (week view)."""
    box = event.bounding_box()
    lane = page.locator(f"td.fc-timegrid-slot-lane[data-time='{time}']").bounding_box()
    column = page.locator(f"td.fc-timegrid-col[data-date='{column_date}']").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 4)
    page.mouse.down()
    target_x, target_y = column["x"] + column["width"] / 2, lane["y"] + 4
    page.mouse.move((box["x"] + target_x) / 2, (box["y"] + target_y) / 2, steps=5)
    page.mouse.move(target_x, target_y, steps=10)
    page.mouse.up()


def test_teacher_drags_lessons_clashes_revert(page, live_server, timetable):
    import datetime as dt
    import zoneinfo

    from django.utils import timezone
    from playwright.sync_api import expect

    from learning.schedule.models import LessonException

    from ..schedule.factories import LiveLessonFactory, RuleFactory

    teacher, group = timetable["teacher"], timetable["group"]
    zone_name = midday_zone()
    zone = zoneinfo.ZoneInfo(zone_name)
    today = timezone.now().astimezone(zone).date()
    # A Wednesday at least two days ahead: its whole week is in the future.
    wednesday = today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)
    if (wednesday - today).days < 2:
        wednesday += dt.timedelta(days=7)
    thursday = wednesday + dt.timedelta(days=1)

    def at(day, hour):
        return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)

    rule = RuleFactory(
        group=group,
        title="Механика",
        weekday=2,
        start_time=dt.time(10),
        end_time=dt.time(11),
        start_date=wednesday,
        end_date=wednesday + dt.timedelta(days=28),
        timezone=zone_name,
    )
    one_off = LiveLessonFactory(
        group=group, title="Консультация", start=at(thursday, 10), end=at(thursday, 11)
    )
    LiveLessonFactory(group=group, title="Зачёт", start=at(thursday, 13), end=at(thursday, 14))
    # Another teacher's lesson at 16:00 on Thursday: with one pool account, a second lesson
    # then gets a capacity warning.
    LiveLessonFactory(
        group=GroupFactory(), title="Чужой урок", start=at(thursday, 16), end=at(thursday, 17)
    )

    in_zone(page, zone_name)
    page.set_viewport_size({"width": 1280, "height": 2200})  # the whole day, no scrolling
    sign_in(page, live_server, teacher)
    page.goto(f"/ru/schedule/?date={wednesday.isoformat()}")
    page.locator("[data-calendar][data-ready=true]").wait_for()
    status = page.locator("[data-calendar-status]")

    # A weekly lesson's date moves alone: an exception to the rule.
    event = page.locator(".fc-event", has_text="Механика")
    event.wait_for()
    with page.expect_response(re.compile(r"/move-occurrence/$")) as answer:
        drag(page, event, wednesday.isoformat(), "14:00:00")
    assert answer.value.status == 200
    status.filter(has_text=re.compile(".")).wait_for()
    exception = LessonException.objects.get(rule=rule)
    assert exception.original_date == wednesday and exception.new_start == at(wednesday, 14)

    # A clash is refused: the event goes back and the message names the other lesson.
    event = page.locator(".fc-event", has_text="Консультация")
    with page.expect_response(re.compile(r"/api/lessons/live/\d+/$")) as answer:
        drag(page, event, thursday.isoformat(), "13:00:00")
    assert answer.value.status == 409
    page.locator("[data-calendar-status].message-error", has_text="Зачёт").wait_for()
    one_off.refresh_from_db()
    assert one_off.start == at(thursday, 10)
    expect(event).to_have_count(1)  # the dragged copy is gone
    box = event.bounding_box()
    ten = page.locator("td.fc-timegrid-slot-lane[data-time='10:00:00']").bounding_box()
    assert abs(box["y"] - ten["y"]) < 5  # back where it was

    # Moved where the pool is full: saved, with the capacity warning shown.
    with page.expect_response(re.compile(r"/api/lessons/live/\d+/$")) as answer:
        drag(page, event, thursday.isoformat(), "16:00:00")
    assert answer.value.status == 200
    page.locator("[data-calendar-status].message-warning").wait_for()
    assert "Zoom" in status.inner_text()
    one_off.refresh_from_db()
    assert (one_off.start, one_off.end) == (at(thursday, 16), at(thursday, 17))

    assert page.csp_violations == [] and page.js_errors == []
