"""Staff see the whole school's timetable in the events API (and on the calendar page),
narrowed by teacher, group or course, in the same few queries whatever the school's size."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext
from drf_spectacular.generators import SchemaGenerator

from learning.schedule import recurrence

from ..courses.factories import CoursePageFactory
from ..factories import TeacherFactory, UserFactory
from .conftest import MSK
from .factories import GroupFactory, LessonExceptionFactory, LiveLessonFactory, RuleFactory
from .test_pages import CALENDAR, config_of
from .ui_fixtures import lesson_now

pytestmark = pytest.mark.django_db

EVENTS = "/api/schedule/events/"
SEPTEMBER = {"start": "2030-09-01T00:00:00+03:00", "end": "2030-10-01T00:00:00+03:00"}
WEEK = {"start": "2030-09-02T00:00:00+03:00", "end": "2030-09-09T00:00:00+03:00"}


@pytest.fixture
def staff(db):
    """A staff member who teaches nothing and is in no group."""
    return UserFactory(is_staff=True, verified=True)


@pytest.fixture
def school(catalog, teacher, other_teacher, group, rule, one_off):
    """Two teachers: ``teacher`` with ``group`` (its rule and one-off lesson), tied to a course,
    and ``other_teacher`` with a group of their own and a Tuesday rule."""
    course = CoursePageFactory(parent=catalog, title="Физика", teacher=teacher)
    group.course = course
    group.save(update_fields=["course"])
    other_group = GroupFactory(teacher=other_teacher, name="Химия 8Б")
    other_rule = RuleFactory(group=other_group, title="Реакции", weekday=1)
    return {"course": course, "other_group": other_group, "other_rule": other_rule}


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {event["id"] for event in response.json()}


def test_staff_get_the_whole_schools_timetable(api_client, staff, school, rule, one_off):
    api_client.force_authenticate(staff)
    events = api_client.get(EVENTS, WEEK).json()
    assert {e["id"] for e in events} == {
        f"rule:{rule.pk}:2030-09-02",
        f"lesson:{one_off.pk}",
        f"rule:{school['other_rule'].pk}:2030-09-03",
    }
    # Staff edit any group's timetable, so the calendar lets them drag every lesson.
    assert all(e["editable"] for e in events)
    assert {e["extendedProps"]["groupName"] for e in events} == {"Физика 9А", "Химия 8Б"}


def test_admins_too_and_teachers_still_only_their_own(
    api_client, admin_user, teacher, school, rule, one_off
):
    api_client.force_authenticate(admin_user)
    assert len(ids(api_client.get(EVENTS, WEEK))) == 3
    api_client.force_authenticate(teacher)
    assert ids(api_client.get(EVENTS, WEEK)) == {
        f"rule:{rule.pk}:2030-09-02",
        f"lesson:{one_off.pk}",
    }


def test_staff_narrow_by_teacher_group_and_course(
    api_client, staff, school, teacher, other_teacher, group, rule, one_off
):
    api_client.force_authenticate(staff)
    mine = {f"rule:{rule.pk}:2030-09-02", f"lesson:{one_off.pk}"}
    theirs = {f"rule:{school['other_rule'].pk}:2030-09-03"}
    get = lambda **narrow: ids(api_client.get(EVENTS, {**WEEK, **narrow}))  # noqa: E731
    assert get(teacher=str(teacher.public_id)) == mine
    assert get(teacher=str(other_teacher.public_id)) == theirs
    assert get(group=group.pk) == mine
    assert get(group=school["other_group"].pk) == theirs
    assert get(course=school["course"].pk) == mine
    assert get(course=school["course"].pk, teacher=str(other_teacher.public_id)) == set()
    # A lesson given by a stand-in in the other teacher's group counts for both teachers.
    stand_in = LiveLessonFactory(
        group=school["other_group"],
        teacher=teacher,
        start=dt.datetime(2030, 9, 5, 12, tzinfo=MSK),
    )
    assert f"lesson:{stand_in.pk}" in get(teacher=str(teacher.public_id))
    assert f"lesson:{stand_in.pk}" in get(teacher=str(other_teacher.public_id))
    # Ids that name nothing narrow to nothing.
    assert get(teacher=str(uuid.uuid4())) == set()
    assert get(group=10**9) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"teacher": "not-a-uuid"}, "teacher"),
        ({"group": "abc"}, "group"),
        ({"group": "0"}, "group"),
        ({"group": str(2**63)}, "group"),
        ({"course": "-1"}, "course"),
    ],
)
def test_narrowing_must_be_well_formed(api_client, staff, params, field):
    api_client.force_authenticate(staff)
    response = api_client.get(EVENTS, {**WEEK, **params})
    assert response.status_code == 400
    assert field in response.json()


def test_narrowing_never_widens_a_persons_own_calendar(
    api_client, teacher, member, school, rule, one_off
):
    api_client.force_authenticate(teacher)
    assert ids(api_client.get(EVENTS, {**WEEK, "group": school["other_group"].pk})) == set()
    api_client.force_authenticate(member)
    other_teacher_id = str(school["other_group"].teacher.public_id)
    assert ids(api_client.get(EVENTS, {**WEEK, "teacher": other_teacher_id})) == set()
    assert ids(api_client.get(EVENTS, {**WEEK, "course": school["course"].pk})) == {
        f"rule:{rule.pk}:2030-09-02",
        f"lesson:{one_off.pk}",
    }


def _grow_school(catalog, size: int) -> dict:
    """``size`` teachers, each with a course, two groups, two rules, a cancelled date and a
    one-off lesson in September."""
    last = {}
    for i in range(size):
        person = TeacherFactory()
        course = CoursePageFactory(parent=catalog, teacher=person)
        for j in range(2):
            group = GroupFactory(teacher=person, course=course)
            rule = RuleFactory(group=group, weekday=(i + j) % 7, start_time=dt.time(8 + j))
            second = recurrence.first_date_from(rule, rule.start_date) + dt.timedelta(7)
            LessonExceptionFactory(rule=rule, original_date=second)
            LiveLessonFactory(
                group=group, start=dt.datetime(2030, 9, 10 + j, 12 + i % 8, tzinfo=MSK)
            )
        last = {"teacher": str(person.public_id), "group": group.pk, "course": course.pk}
    return last


def _queries(client, params) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(EVENTS, {**SEPTEMBER, **params})
    assert response.status_code == 200
    return len(queries), len(response.json())


def test_staff_calendar_in_a_fixed_number_of_queries(api_client, staff, catalog):
    api_client.force_authenticate(staff)
    small = _grow_school(catalog, 2)
    counts_small = {name: _queries(api_client, {name: small[name]}) for name in small}
    whole_small = _queries(api_client, {})
    big = _grow_school(catalog, 25)
    counts_big = {name: _queries(api_client, {name: big[name]}) for name in big}
    whole_big = _queries(api_client, {})
    # Rules, exceptions, stored lessons, groups: four, whatever the school's size or narrowing.
    assert whole_small[0] == whole_big[0] == 4
    assert {name: count for name, (count, _n) in counts_small.items()} == dict.fromkeys(small, 4)
    assert {name: count for name, (count, _n) in counts_big.items()} == dict.fromkeys(big, 4)
    assert whole_big[1] > 27 * 2 * 4 > counts_big["teacher"][1] > 0


def test_events_schema_documents_the_narrowing():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"]: p["schema"] for p in schema["paths"][EVENTS]["get"]["parameters"]}
    assert parameters["teacher"] == {"type": "string", "format": "uuid"}
    assert parameters["group"]["type"] == parameters["course"]["type"] == "integer"
    assert parameters["group"]["minimum"] == 1


# --- the calendar page ----------------------------------------------------------------------------


def test_staff_calendar_page_shows_the_school_and_narrows_it(client, staff, teacher, other_teacher):
    mine = lesson_now(GroupFactory(teacher=teacher, name="Физика 9А"), title="Урок физики")
    theirs = lesson_now(
        GroupFactory(teacher=other_teacher, name="Химия 8Б"),
        title="Урок химии",
        starts_in=dt.timedelta(hours=3),
    )
    client.force_login(staff)
    response = client.get(CALENDAR)
    html = response.content.decode()
    assert "Урок физики" in html and "Урок химии" in html  # the upcoming list
    assert 'data-testid="calendar-filters"' in html
    assert str(other_teacher.public_id) in html  # offered in the teacher list
    assert config_of(response)["eventsParams"] == {}

    response = client.get(CALENDAR, {"teacher": str(other_teacher.public_id)})
    html = response.content.decode()
    assert "Урок химии" in html and "Урок физики" not in html
    assert config_of(response)["eventsParams"] == {"teacher": str(other_teacher.public_id)}
    response = client.get(CALENDAR, {"group": mine.group_id, "date": "2030-09-02"})
    assert config_of(response)["eventsParams"] == {"group": str(mine.group_id)}
    assert config_of(response)["initialDate"] == "2030-09-02"
    assert "Урок физики" in response.content.decode()

    # A choice not offered is an error on its field and narrows nothing.
    response = client.get(CALENDAR, {"group": "999999999", "teacher": str(uuid.uuid4())})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="filter-errors"' in html
    assert html.count(escape(gettext("not in the list; the calendar shows all."))) == 2
    assert config_of(response)["eventsParams"] == {}
    assert "Урок химии" in html and theirs.title in html


def test_teachers_and_students_get_no_narrowing_form(client, teacher, member):
    for person in (teacher, member):
        client.force_login(person)
        response = client.get(CALENDAR, {"group": "1"})
        assert 'data-testid="calendar-filters"' not in response.content.decode()
        assert config_of(response)["eventsParams"] == {}
