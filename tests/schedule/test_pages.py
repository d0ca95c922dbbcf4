"""The timetable's site pages: calendar, lesson forms, groups, a lesson's page (start, join,
recordings), attendance. Through the real views and services; Zoom is the local fake."""

import datetime as dt
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext

from learning.enrollment.models import Enrollment
from learning.schedule import services
from learning.schedule.models import (
    Attendance,
    Group,
    LessonException,
    LiveLesson,
    Membership,
    RecurringLesson,
)
from learning.zoompool.models import LessonRecording, ZoomAccount

from ..courses.factories import CoursePageFactory
from ..factories import AdminFactory, StudentFactory
from .factories import GroupFactory, LiveLessonFactory, MembershipFactory
from .ui_fixtures import (  # noqa: F401 (fixtures)
    fake_zoom_fixture,
    lesson_now,
    make_account,
    midday_zone,
    rule_now,
)

pytestmark = pytest.mark.django_db

CALENDAR = "/ru/schedule/"


def lesson_page(key: str) -> str:
    return reverse("schedule:lesson", kwargs={"key": key})


def login(client, user):
    client.force_login(user)
    return client


def config_of(response) -> dict:
    match = re.search(
        r'<script id="calendar-config" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the calendar's configuration is missing"
    return json.loads(match.group(1))


# ---------------------------------------------------------------------------------------------
# The calendar page


def test_calendar_needs_sign_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_url_names_and_the_colon_key():
    assert reverse("schedule:calendar") == CALENDAR
    assert lesson_page("rule:5:2026-12-07") == "/ru/schedule/lessons/rule:5:2026-12-07/"
    assert lesson_page("lesson:12") == "/ru/schedule/lessons/lesson:12/"
    assert reverse("calendar:feed", kwargs={"token": "a-B_9"}) == "/calendar/a-B_9.ics"


def test_teacher_calendar_can_edit(client, teacher, group, rule):
    rule_now(group, title="Сегодняшнее занятие")
    response = login(client, teacher).get(CALENDAR)
    assert response.status_code == 200
    html = response.content.decode()
    config = config_of(response)
    assert config["editable"] is True and config["locale"] == "ru"
    assert config["eventsUrl"] == "/api/schedule/events/"
    assert config["lessonUrl"] == "/ru/schedule/lessons/__key__/"
    assert config["lessonApiUrl"] == "/api/lessons/live/__id__/"
    assert config["moveOccurrenceUrl"] == "/api/schedule/rules/__id__/move-occurrence/"
    assert 'data-testid="new-rule"' in html and 'data-testid="new-lesson"' in html
    assert "vendor/fullcalendar/fullcalendar.min.js" in html and "js/calendar.js" in html
    # The dialog's forms, with the upper/lower week explanation.
    assert 'action="/ru/schedule/rules/new/"' in html
    assert (
        escape(
            gettext(
                "Upper and lower weeks alternate; the week containing the start date is an "
                "upper week."
            )
        )
        in html
    )
    assert "Сегодняшнее занятие" in html  # the upcoming list
    assert "<script>" not in html  # configuration as JSON data, no inline code


def test_student_calendar_is_read_only(client, member, group):
    rule_now(group, title="Занятие группы")
    response = login(client, member).get(CALENDAR)
    config = config_of(response)
    html = response.content.decode()
    assert config["editable"] is False
    assert 'data-testid="new-rule"' not in html and "<dialog" not in html
    assert "Занятие группы" in html


def test_calendar_opens_at_a_date(client, teacher):
    response = login(client, teacher).get(CALENDAR + "?date=2030-09-02")
    assert config_of(response)["initialDate"] == "2030-09-02"
    response = client.get(CALENDAR + "?date=nonsense")
    assert config_of(response)["initialDate"] == ""


def test_calendar_in_english(client, teacher):
    response = login(client, teacher).get("/en/schedule/")
    assert config_of(response)["locale"] == "en"
    assert config_of(response)["lessonUrl"] == "/en/schedule/lessons/__key__/"


def test_calendar_queries_do_not_grow_with_lessons(client, teacher, django_assert_max_num_queries):
    for n in range(25):
        group = GroupFactory(teacher=teacher)
        rule_now(group, starts_in=dt.timedelta(days=n % 7), length=dt.timedelta(minutes=30))
        lesson_now(group, starts_in=dt.timedelta(days=1, hours=n))
    login(client, teacher).get(CALENDAR)  # makes the feed token and the site's settings
    with django_assert_max_num_queries(23):  # notices and messages badges, userbar (2)
        response = client.get(CALENDAR)
    assert response.content.decode().count('data-testid="upcoming-lesson"') == 20


# ---------------------------------------------------------------------------------------------
# Creating lessons and weekly lessons


def lesson_data(group, **changes) -> dict:
    data = {
        "lesson-group": group.pk,
        "lesson-title": "Консультация",
        "lesson-date": "2030-09-04",
        "lesson-start_time": "18:00",
        "lesson-end_time": "19:00",
        "lesson-timezone": "Europe/Moscow",
    }
    data.update(changes)
    return data


def rule_data(group, **changes) -> dict:
    data = {
        "rule-group": group.pk,
        "rule-title": "Механика",
        "rule-weekday": "0",
        "rule-week_type": "upper",
        "rule-start_time": "10:00",
        "rule-end_time": "11:30",
        "rule-start_date": "2030-09-02",
        "rule-end_date": "2030-12-29",
        "rule-timezone": "Europe/Moscow",
    }
    data.update(changes)
    return data


def test_teacher_adds_a_one_off_lesson(client, teacher, group):
    response = login(client, teacher).post(reverse("schedule:lesson-create"), lesson_data(group))
    assert response.status_code == 302
    assert response["Location"] == CALENDAR + "?date=2030-09-04"
    lesson = LiveLesson.objects.get()
    msk = dt.timezone(dt.timedelta(hours=3))
    assert (lesson.group, lesson.teacher, lesson.title) == (group, teacher, "Консультация")
    assert lesson.start == dt.datetime(2030, 9, 4, 18, tzinfo=msk)
    assert lesson.end == dt.datetime(2030, 9, 4, 19, tzinfo=msk)


def test_teacher_adds_a_weekly_lesson(client, teacher, group):
    response = login(client, teacher).post(reverse("schedule:rule-create"), rule_data(group))
    assert response.status_code == 302, response.content.decode()
    rule = RecurringLesson.objects.get()
    assert (rule.weekday, rule.week_type, rule.timezone) == (0, "upper", "Europe/Moscow")
    assert (rule.start_time, rule.end_time) == (dt.time(10), dt.time(11, 30))
    assert (rule.start_date, rule.end_date) == (dt.date(2030, 9, 2), dt.date(2030, 12, 29))


def test_a_clash_is_refused_with_its_name(client, teacher, group, rule):
    # The rule fixture has Monday 2 September 2030, 10:00–11:30 Moscow time.
    data = lesson_data(group, **{"lesson-date": "2030-09-02", "lesson-start_time": "11:00"})
    data["lesson-end_time"] = "12:00"
    response = login(client, teacher).post(reverse("schedule:lesson-create"), data)
    assert response.status_code == 200
    assert "Механика" in response.content.decode()  # the clash is named
    assert response.context["form"].non_field_errors()
    assert not LiveLesson.objects.exists()


def test_bad_times_are_refused_on_the_field(client, teacher, group):
    login(client, teacher)
    response = client.post(
        reverse("schedule:lesson-create"), lesson_data(group, **{"lesson-end_time": "17:00"})
    )
    assert "end_time" in response.context["form"].errors
    response = client.post(
        reverse("schedule:rule-create"), rule_data(group, **{"rule-end_date": "2030-08-01"})
    )
    assert "end_date" in response.context["form"].errors
    assert not LiveLesson.objects.exists() and not RecurringLesson.objects.exists()


def test_only_own_groups_can_be_chosen(client, teacher, other_teacher):
    foreign = GroupFactory(teacher=other_teacher)
    response = login(client, teacher).post(reverse("schedule:lesson-create"), lesson_data(foreign))
    assert "group" in response.context["form"].errors
    assert not LiveLesson.objects.exists()


def test_students_cannot_add_lessons(client, member, group):
    login(client, member)
    assert client.get(reverse("schedule:lesson-create")).status_code == 403
    assert client.post(reverse("schedule:rule-create"), rule_data(group)).status_code == 403
    assert not RecurringLesson.objects.exists()


def test_the_form_page_explains_upper_weeks(client, teacher, group):
    response = login(client, teacher).get(reverse("schedule:rule-create") + "?weekday=3")
    form = response.context["form"]
    assert str(form.fields["week_type"].help_text) == gettext(
        "Upper and lower weeks alternate; the week containing the start date is an upper week."
    )
    assert form["weekday"].value() == "3"


def test_capacity_warning_is_shown(client, teacher, other_teacher, group):
    make_account()  # a pool of one account
    LiveLessonFactory(
        group=GroupFactory(teacher=other_teacher),
        start=dt.datetime(2030, 9, 4, 15, tzinfo=dt.UTC),
        end=dt.datetime(2030, 9, 4, 16, tzinfo=dt.UTC),
    )
    response = login(client, teacher).post(
        reverse("schedule:lesson-create"), lesson_data(group), follow=True
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("2" in t and "1" in t and "Zoom" in t for t in texts), texts
    assert LiveLesson.objects.count() == 2  # a warning, not a refusal


# ---------------------------------------------------------------------------------------------
# Groups


def test_groups_list_by_role(client, teacher, group, member, other_teacher):
    GroupFactory(teacher=other_teacher, name="Чужая группа")
    response = login(client, teacher).get(reverse("schedule:groups"))
    html = response.content.decode()
    assert "Физика 9А" in html and "Чужая группа" not in html and "/groups/new/" in html
    response = login(client, member).get(reverse("schedule:groups"))
    html = response.content.decode()
    assert "Физика 9А" in html and "Чужая группа" not in html and "/groups/new/" not in html
    response = login(client, StudentFactory()).get(reverse("schedule:groups"))
    assert (
        escape(
            gettext(
                "You are not in any group yet. Accept an invitation from your teacher, or join "
                "with the code your teacher gives you."
            )
        )
        in response.content.decode()
    )


def test_groups_list_is_paginated_in_fixed_queries(client, teacher, django_assert_max_num_queries):
    for n in range(25):
        group = GroupFactory(teacher=teacher, name=f"Группа {n:02}")
        MembershipFactory(group=group)
    login(client, teacher).get(reverse("schedule:groups"))  # the site's settings made once
    with django_assert_max_num_queries(18):  # badges (2), invitations, userbar (2)
        response = client.get(reverse("schedule:groups"))
    assert response.content.decode().count('data-testid="group"') == 20
    assert len(client.get(reverse("schedule:groups") + "?page=2").context["page_obj"]) == 5
    assert client.get(reverse("schedule:groups") + "?page=abc").status_code == 200


def test_teacher_creates_a_group_tied_to_own_course(client, teacher, catalog, other_teacher):
    own = CoursePageFactory(parent=catalog, title="Физика", teacher=teacher)
    foreign = CoursePageFactory(parent=catalog, title="Химия", teacher=other_teacher)
    login(client, teacher)
    form = client.get(reverse("schedule:group-create")).context["form"]
    assert list(form.fields["course"].queryset) == [own]
    response = client.post(
        reverse("schedule:group-create"),
        {"name": "Химики", "course": foreign.pk, "colour": "#e4572e"},
    )
    assert "course" in response.context["form"].errors and not Group.objects.exists()
    response = client.post(
        reverse("schedule:group-create"),
        {"name": " Физики ", "course": own.pk, "colour": "#E4572E"},
    )
    group = Group.objects.get()
    assert response["Location"] == reverse("schedule:group", args=[group.pk])
    assert (group.name, group.course, group.colour, group.teacher) == (
        "Физики",
        own,
        "#e4572e",
        teacher,
    )


def test_group_form_checks_the_colour(client, teacher):
    response = login(client, teacher).post(
        reverse("schedule:group-create"), {"name": "А", "colour": "red"}
    )
    assert "colour" in response.context["form"].errors


def test_teacher_edits_a_group(client, teacher, group):
    login(client, teacher)
    response = client.get(reverse("schedule:group-edit", args=[group.pk]))
    assert response.context["form"]["name"].value() == "Физика 9А"
    response = client.post(
        reverse("schedule:group-edit", args=[group.pk]), {"name": "Физика 10А", "colour": "#123456"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.name, group.colour) == ("Физика 10А", "#123456")


def test_invite_and_remove_a_student(client, teacher, group, group_course):
    Group.objects.filter(pk=group.pk).update(course=group_course)
    person = StudentFactory(email="anna@example.com")
    login(client, teacher)
    url = reverse("schedule:group-invite", args=[group.pk])
    response = client.post(url, {"email": "ANNA@example.com"})
    assert response.status_code == 302
    assert not Membership.objects.filter(group=group, student=person).exists()
    assert group.invitations.get().email == "anna@example.com"
    response = client.post(url, {"email": "not an address"})
    assert response.status_code == 400 and "email" in response.context["invite_form"].errors

    group.refresh_from_db()
    services.admit(group, person)
    assert Enrollment.objects.get(user=person).source == Enrollment.Source.GROUP
    response = client.post(reverse("schedule:group-remove-student", args=[group.pk, person.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(group=group, student=person).exists()


def test_group_permissions(client, group, member, other_teacher, outsider, admin_user):
    detail = reverse("schedule:group", args=[group.pk])
    add = reverse("schedule:group-invite", args=[group.pk])
    edit = reverse("schedule:group-edit", args=[group.pk])
    assert client.get(detail).status_code == 302  # anonymous: sign in
    for person in (other_teacher, outsider):
        login(client, person)
        assert client.get(detail).status_code == 404
        assert client.get(edit).status_code == 404
        assert client.post(add, {"email": person.email}).status_code == 404
    login(client, member)
    response = client.get(detail)
    assert response.status_code == 200 and response.context["invite_form"] is None
    assert "Remove" not in response.content.decode()
    assert client.get(edit).status_code == 404
    assert client.post(add, {"email": outsider.email}).status_code == 404
    remove = reverse("schedule:group-remove-student", args=[group.pk, member.pk])
    assert client.post(remove).status_code == 404
    assert Membership.objects.filter(group=group).count() == 1
    assert not group.invitations.exists()
    login(client, admin_user)
    assert client.get(edit).status_code == 200


def test_group_members_in_fixed_queries(client, teacher, group, django_assert_max_num_queries):
    for _ in range(25):
        MembershipFactory(group=group)
    login(client, teacher).get(reverse("schedule:group", args=[group.pk]))
    with django_assert_max_num_queries(22):  # badges (2), invitations, userbar (2)
        response = client.get(reverse("schedule:group", args=[group.pk]))
    assert response.content.decode().count('data-testid="member"') == 20


# ---------------------------------------------------------------------------------------------
# A lesson's page: who sees it


def test_lesson_page_permission_matrix(
    client, group, rule, member, other_teacher, outsider, admin_user, teacher
):
    url = lesson_page(f"rule:{rule.pk}:2030-09-09")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for person, status in (
        (teacher, 200),
        (member, 200),
        (admin_user, 200),
        (other_teacher, 404),
        (outsider, 404),
    ):
        assert login(client, person).get(url).status_code == status, person
    assert not LiveLesson.objects.exists()  # reading a page stores nothing


@pytest.mark.parametrize(
    "key", ["nonsense", "lesson:999999", "rule:999999:2030-09-09", "rule:{rule}:2030-09-10"]
)
def test_unknown_keys_are_404(client, teacher, rule, key):
    url = lesson_page(key.format(rule=rule.pk))
    assert login(client, teacher).get(url).status_code == 404


def test_lesson_page_for_the_teacher(client, teacher, group, rule, member):
    response = login(client, teacher).get(lesson_page(f"rule:{rule.pk}:2030-09-09"))
    html = response.content.decode()
    assert "Механика" in html and "Физика 9А" in html
    assert 'data-testid="start-later"' in html  # far in the future: not yet
    assert 'data-testid="start-lesson"' not in html
    assert escape(gettext("Cancel the lesson on this date")) in html


def test_lesson_page_for_a_student(client, member, group, rule):
    response = login(client, member).get(lesson_page(f"rule:{rule.pk}:2030-09-09"))
    html = response.content.decode()
    assert "Механика" in html
    assert 'data-testid="start-lesson"' not in html and "start-later" not in html
    assert 'data-testid="mark-attendance"' not in html and "lesson-cancel" not in html


def test_a_stored_occurrence_redirects_to_its_lesson(client, teacher, rule):
    lesson = LiveLessonFactory(
        group=rule.group,
        rule=rule,
        occurrence_date=dt.date(2030, 9, 9),
        start=dt.datetime(2030, 9, 9, 7, tzinfo=dt.UTC),
        end=dt.datetime(2030, 9, 9, 8, 30, tzinfo=dt.UTC),
    )
    response = login(client, teacher).get(lesson_page(f"rule:{rule.pk}:2030-09-09"))
    assert response.status_code == 302
    assert response["Location"] == lesson_page(f"lesson:{lesson.pk}")


def test_homework_link(client, member, group):
    from ..homework.factories import HomeworkFactory

    homework = HomeworkFactory()
    lesson = LiveLessonFactory(group=group, homework=homework)
    response = login(client, member).get(lesson_page(f"lesson:{lesson.pk}"))
    assert f'href="{reverse("homework:detail", args=[homework.pk])}"' in response.content.decode()


def test_teacher_cancels_one_date(client, teacher, rule, member):
    url = reverse("schedule:lesson-cancel", kwargs={"key": f"rule:{rule.pk}:2030-09-09"})
    login(client, member)
    assert client.post(url).status_code == 404
    assert not LessonException.objects.exists()
    response = login(client, teacher).post(url)
    assert response.status_code == 302
    exception = LessonException.objects.get()
    assert (exception.rule, exception.original_date, exception.cancelled) == (
        rule,
        dt.date(2030, 9, 9),
        True,
    )
    response = client.get(lesson_page(f"rule:{rule.pk}:2030-09-09"))
    assert 'data-testid="lesson-status"' in response.content.decode()
    assert response.context["occurrence"].status == "cancelled"


def edit_data(rule, **changes) -> dict:
    data = {
        "title": rule.title,
        "weekday": str(rule.weekday),
        "week_type": rule.week_type,
        "start_time": rule.start_time.strftime("%H:%M"),
        "end_time": rule.end_time.strftime("%H:%M"),
        "end_date": rule.end_date.isoformat(),
        "timezone": rule.timezone,
    }
    data.update(changes)
    return data


def test_teacher_changes_a_weekly_lesson_from_a_date(client, teacher, rule, member):
    url = reverse("schedule:rule-edit", kwargs={"key": f"rule:{rule.pk}:2030-10-07"})
    assert login(client, member).get(url).status_code == 404
    login(client, teacher)
    html = client.get(lesson_page(f"rule:{rule.pk}:2030-10-07")).content.decode()
    assert f'href="{url}"' in html
    assert client.get(url).context["form"]["start_time"].value() == dt.time(10)

    response = client.post(url, edit_data(rule, start_time="12:00", end_time="13:30"))
    assert response.status_code == 302
    assert response["Location"] == CALENDAR + "?date=2030-10-07"
    old, new = RecurringLesson.objects.order_by("start_date")
    assert (old.pk, old.end_date, old.start_time) == (rule.pk, dt.date(2030, 10, 6), dt.time(10))
    assert (new.start_date, new.start_time, new.end_time) == (
        dt.date(2030, 10, 7),
        dt.time(12),
        dt.time(13, 30),
    )


def test_changing_nothing_or_badly(client, teacher, rule):
    url = reverse("schedule:rule-edit", kwargs={"key": f"rule:{rule.pk}:2030-10-07"})
    login(client, teacher)
    response = client.post(url, edit_data(rule))
    assert response.status_code == 302 and RecurringLesson.objects.count() == 1
    response = client.post(url, edit_data(rule, end_time="09:00"))
    assert "end_time" in response.context["form"].errors
    assert RecurringLesson.objects.count() == 1
    one_off_url = reverse("schedule:rule-edit", kwargs={"key": "lesson:1"})
    assert client.get(one_off_url).status_code == 404


def test_teacher_stops_a_weekly_lesson(client, teacher, rule):
    url = reverse("schedule:rule-edit", kwargs={"key": f"rule:{rule.pk}:2030-10-07"})
    response = login(client, teacher).post(url, {"stop": "1"})
    assert response.status_code == 302
    assert not RecurringLesson.objects.exists()  # it had not begun: gone


# ---------------------------------------------------------------------------------------------
# Starting a lesson


def start(client, key: str):
    return client.post(reverse("schedule:lesson-start", kwargs={"key": key}))


def test_start_opens_ten_minutes_before(client, teacher, group):
    early = lesson_now(group, starts_in=dt.timedelta(minutes=11))
    soon = lesson_now(group, starts_in=dt.timedelta(minutes=9), title="Скоро")
    login(client, teacher)
    html = client.get(lesson_page(f"lesson:{early.pk}")).content.decode()
    assert 'data-testid="start-later"' in html and 'data-testid="start-lesson"' not in html
    html = client.get(lesson_page(f"lesson:{soon.pk}")).content.decode()
    assert 'data-testid="start-lesson"' in html


def test_start_too_early_changes_nothing(client, teacher, group):
    rule = rule_now(group, starts_in=dt.timedelta(minutes=30))
    key = f"rule:{rule.pk}:{rule.start_date.isoformat()}"
    response = start(login(client, teacher), key)
    assert response.status_code == 302 and response["Location"] == lesson_page(key)
    assert not LiveLesson.objects.exists()  # nothing stored for a refused click


def test_teacher_starts_a_weekly_lesson(client, teacher, group, fake_zoom):
    account = make_account(fake_zoom)
    rule = rule_now(group)
    key = f"rule:{rule.pk}:{rule.start_date.isoformat()}"
    response = start(login(client, teacher), key)
    assert response.status_code == 302
    lesson = LiveLesson.objects.get(rule=rule)
    assert response["Location"] == lesson.start_url
    assert lesson.start_url.startswith("https://zoom.us/s/")
    assert lesson.status == LiveLesson.Status.LIVE
    assert fake_zoom.meetings[lesson.zoom_meeting_id]["topic"] == rule.title
    account.refresh_from_db()
    assert account.is_busy and account.current_lesson == lesson

    # The page now lives under the lesson's key and offers to go back to Zoom.
    response = client.get(lesson_page(key))
    assert response["Location"] == lesson_page(f"lesson:{lesson.pk}")
    html = client.get(lesson_page(f"lesson:{lesson.pk}")).content.decode()
    assert 'data-testid="start-lesson"' in html and "status-live" in html
    assert escape(gettext("Return to the Zoom meeting")) in html
    # A second click returns the same meeting.
    again = start(client, f"lesson:{lesson.pk}")
    assert again["Location"] == lesson.start_url
    assert len(fake_zoom.calls("create")) == 1


def test_busy_pool_answers_429_and_changes_nothing(client, teacher, group, fake_zoom):
    holder = lesson_now(GroupFactory(), starts_in=dt.timedelta(minutes=-5))
    account = make_account(fake_zoom, is_busy=True, current_lesson=holder)
    lesson = lesson_now(group)
    response = start(login(client, teacher), f"lesson:{lesson.pk}")
    assert response.status_code == 429
    assert escape(gettext("All video accounts are busy, try again in a few minutes.")) in (
        response.content.decode()
    )
    assert response["Retry-After"]
    lesson.refresh_from_db()
    assert lesson.status == LiveLesson.Status.SCHEDULED and not lesson.zoom_meeting_id
    account.refresh_from_db()
    assert account.current_lesson == holder
    assert fake_zoom.requests == []


def test_no_accounts_configured(client, teacher, group):
    lesson = lesson_now(group)
    response = start(login(client, teacher), f"lesson:{lesson.pk}")
    assert response.status_code == 503
    assert escape(gettext("No video accounts are configured.")) in response.content.decode()


def test_zoom_failure_shows_the_error_and_frees_the_account(client, teacher, group, fake_zoom):
    account = make_account(fake_zoom)
    fake_zoom.fail("create", 500, {"code": 500, "message": "Zoom is down for maintenance"})
    lesson = lesson_now(group)
    response = start(login(client, teacher), f"lesson:{lesson.pk}")
    assert response.status_code == 502
    assert "Zoom is down for maintenance" in response.content.decode()
    account.refresh_from_db()
    assert not account.is_busy and account.current_lesson is None
    lesson.refresh_from_db()
    assert lesson.status == LiveLesson.Status.SCHEDULED


def test_only_the_teacher_starts(client, group, member, outsider, fake_zoom):
    make_account(fake_zoom)
    lesson = lesson_now(group)
    assert start(login(client, member), f"lesson:{lesson.pk}").status_code == 403
    assert start(login(client, outsider), f"lesson:{lesson.pk}").status_code == 404
    assert start(client.logout() or client, f"lesson:{lesson.pk}").status_code == 302
    assert not ZoomAccount.objects.filter(is_busy=True).exists()
    assert fake_zoom.requests == []


def test_student_joins_once_live_and_sees_recordings(client, group, member, outsider):
    lesson = lesson_now(group)
    url = lesson_page(f"lesson:{lesson.pk}")
    login(client, member)
    assert 'data-testid="join-lesson"' not in client.get(url).content.decode()
    LiveLesson.objects.filter(pk=lesson.pk).update(
        status=LiveLesson.Status.LIVE, join_url="https://zoom.us/j/123?pwd=x"
    )
    html = client.get(url).content.decode()
    assert 'href="https://zoom.us/j/123?pwd=x"' in html and 'data-testid="join-lesson"' in html

    LiveLesson.objects.filter(pk=lesson.pk).update(status=LiveLesson.Status.ENDED)
    ready = LessonRecording.objects.create(
        lesson=lesson,
        zoom_file_id="file-1",
        file="recordings/1/x/lesson.mp4",
        status=LessonRecording.Status.READY,
        duration=dt.timedelta(minutes=58),
    )
    LessonRecording.objects.create(lesson=lesson, zoom_file_id="file-2")  # still downloading
    html = client.get(url).content.decode()
    assert html.count('data-testid="recording"') == 1
    assert reverse("schedule:recording", args=[ready.pk]) in html and "/media/" not in html
    assert "join-lesson" not in html
    assert login(client, outsider).get(url).status_code == 404


def test_recordings_are_private_files_for_the_group_only(
    client, teacher, group, member, outsider, settings
):
    from django.core.files.base import ContentFile

    lesson = lesson_now(group)
    recording = LessonRecording(
        lesson=lesson, zoom_file_id="file-1", status=LessonRecording.Status.READY
    )
    recording.file.save("lesson.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42 video"))
    # Stored outside the public media folder: no /media/ URL can reach it.
    assert recording.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not recording.file.path.startswith(str(settings.MEDIA_ROOT))
    url = reverse("schedule:recording", args=[recording.pk])

    for person in (member, teacher):
        response = login(client, person).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).endswith(b"ftypmp42 video")
    assert login(client, outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # sign in first
    LessonRecording.objects.filter(pk=recording.pk).update(status=LessonRecording.Status.FAILED)
    assert login(client, member).get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Attendance


def test_teacher_marks_the_whole_group(client, teacher, group, member):
    second = StudentFactory(last_name="Яковлев")
    MembershipFactory(group=group, student=second)
    rule = rule_now(group, starts_in=dt.timedelta(minutes=-10))
    key = f"rule:{rule.pk}:{rule.start_date.isoformat()}"
    url = reverse("schedule:attendance", kwargs={"key": key})
    login(client, teacher)
    response = client.get(url)
    form = response.context["form"]
    # Everyone present by default.
    assert {form[f"status_{s.pk}"].value() for s in (member, second)} == {"present"}
    assert not LiveLesson.objects.exists()

    response = client.post(
        url,
        {
            f"status_{member.pk}": "present",
            f"note_{member.pk}": "",
            f"status_{second.pk}": "late",
            f"note_{second.pk}": "  на 10 минут ",
        },
    )
    lesson = LiveLesson.objects.get(rule=rule)
    assert response.status_code == 302 and response["Location"] == lesson_page(
        f"lesson:{lesson.pk}"
    )
    marks = {a.student_id: (a.status, a.note) for a in Attendance.objects.filter(lesson=lesson)}
    assert marks == {member.pk: ("present", ""), second.pk: ("late", "на 10 минут")}

    # The student sees their own record only.
    html = login(client, second).get(lesson_page(f"lesson:{lesson.pk}")).content.decode()
    assert 'data-testid="own-attendance"' in html and "на 10 минут" in html
    assert html.count('data-testid="own-attendance"') == 1
    assert client.get(url).status_code == 404


def test_attendance_too_early_is_refused(client, teacher, group, member, one_off):
    url = reverse("schedule:attendance", kwargs={"key": f"lesson:{one_off.pk}"})
    response = login(client, teacher).post(
        url, {f"status_{member.pk}": "absent", f"note_{member.pk}": ""}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Attendance.objects.exists()


def test_attendance_for_others_is_404(client, group, member, other_teacher, one_off):
    url = reverse("schedule:attendance", kwargs={"key": f"lesson:{one_off.pk}"})
    assert login(client, other_teacher).get(url).status_code == 404
    assert login(client, member).post(url, {f"status_{member.pk}": "absent"}).status_code == 404
    assert not Attendance.objects.exists()


def test_attendance_screen_in_fixed_queries(client, teacher, group, django_assert_max_num_queries):
    lesson = lesson_now(group, starts_in=dt.timedelta(minutes=-5))
    students = [MembershipFactory(group=group).student for _ in range(25)]
    url = reverse("schedule:attendance", kwargs={"key": f"lesson:{lesson.pk}"})
    login(client, teacher).get(url)
    with django_assert_max_num_queries(19):  # notices and messages badges, userbar (2)
        response = client.get(url)
    assert response.content.decode().count('data-testid="attendance-student"') == 25
    data = {f"status_{s.pk}": "present" for s in students}
    data[f"status_{students[0].pk}"] = "absent"
    with django_assert_max_num_queries(26):
        client.post(url, data)
    assert Attendance.objects.filter(lesson=lesson).count() == 25
    assert Attendance.objects.get(student=students[0]).status == "absent"


def test_staff_see_any_lesson(client, one_off):
    admin = AdminFactory()
    assert login(client, admin).get(lesson_page(f"lesson:{one_off.pk}")).status_code == 200


def test_midday_zone_is_midday():
    now = timezone.now()
    import zoneinfo

    assert now.astimezone(zoneinfo.ZoneInfo(midday_zone(now))).hour == 12
