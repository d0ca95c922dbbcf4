"""The dashboard pages (learning.analytics.views): who may open which, each chart's table with
the report's numbers, the empty states, Chart.js only there, the menu entries, and the learner
dashboard's fixed number of queries."""

import datetime as dt
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from learning.analytics.charts import Chart, Series
from learning.analytics.services import teacher_report
from learning.analytics.templatetags.analytics import chart_layout
from learning.enrollment.models import Enrollment, LessonProgress
from learning.schedule.models import Attendance

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory
from .conftest import enroll

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """In place of the conftest's English: these are checked in Russian, the main language
    (the tables, the translations, the dates)."""
    with translation.override("ru"):
        yield


CHART_JS = "vendor/chartjs/chart.umd.min.js"


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def table(page: BeautifulSoup, key: str) -> dict[str, list[str]]:
    """A chart's table: {row label: [cell text, …]}, plus "" → the column headers."""
    found = page.find("table", attrs={"data-testid": f"chart-table-{key}"})
    assert found is not None, f"no table for chart {key}"
    rows = {"": [th.get_text(strip=True) for th in found.thead.find_all("th")]}
    for tr in found.tbody.find_all("tr"):
        rows[tr.th.get_text(strip=True)] = [td.get_text(strip=True) for td in tr.find_all("td")]
    return rows


def figure(page: BeautifulSoup, key: str) -> str:
    card = page.find(attrs={"data-testid": f"figure-{key}"})
    assert card is not None, f"no figure {key}"
    return card.find(class_="figure-value").get_text(strip=True)


def empty_charts(page: BeautifulSoup) -> set[str]:
    return {
        fig["data-testid"].removeprefix("chart-")
        for fig in page.find_all("figure", class_="chart")
        if fig.find(attrs={"data-testid": "chart-empty"})
    }


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def studying(catalog, student, now):
    """The student in a course of four lessons, two done this week, and a group with two
    lessons: present and absent."""
    course = CoursePageFactory(parent=catalog, title="Геометрия", price=0)
    lessons = [LessonPageFactory(parent=course, title=f"Урок {n}") for n in range(4)]
    enrollment = Enrollment.objects.create(user=student, course=course, source="free")
    Enrollment.objects.filter(pk=enrollment.pk).update(enrolled_at=now - dt.timedelta(days=30))
    for lesson in lessons[:2]:
        LessonProgress.objects.create(
            user=student, lesson=lesson, status="completed", percent=100, completed_at=now
        )
    group = GroupFactory(course=course, name="Вечерняя")
    MembershipFactory(group=group, student=student)
    for status in ("present", "absent"):
        start = now - dt.timedelta(days=3)
        held = LiveLessonFactory(
            group=group, start=start, end=start + dt.timedelta(hours=1), status="ended"
        )
        Attendance.objects.create(lesson=held, student=student, status=status)
    return course


# The learner's dashboard


def test_the_learner_sees_their_numbers_in_the_tables(client, student, studying):
    client.force_login(student)
    page = soup(client.get(reverse("analytics:learner")))
    assert figure(page, "courses") == "1"
    assert figure(page, "lessons") == "2"
    assert figure(page, "attendance") == "50\N{NO-BREAK SPACE}%"
    assert figure(page, "grade") == "50\N{NO-BREAK SPACE}%"  # attendance is all there is to grade
    progress = table(page, "progress")
    assert progress[""] == ["Геометрия"]
    assert list(progress.values())[-1] == ["50\N{NO-BREAK SPACE}%"]  # this week: 2 of 4
    attendance = table(page, "attendance")
    assert attendance["Вечерняя"] == ["1", "0", "1", "0"]
    assert table(page, "grades")["Геометрия"] == ["50\N{NO-BREAK SPACE}%"]
    assert empty_charts(page) == set()
    # The canvas carries the same chart as JSON for js/charts.js, and is hidden from readers.
    canvas = page.find("canvas", attrs={"data-chart": "chart-data-progress"})
    assert canvas["aria-hidden"] == "true" and canvas["title"] == "Прогресс по курсам"
    assert page.find("script", id="chart-data-progress") is not None
    assert CHART_JS in str(page) and "js/charts.js" in str(page)


def test_the_learner_dashboard_is_empty_for_a_newcomer(client, student):
    client.force_login(student)
    page = soup(client.get(reverse("analytics:learner")))
    assert empty_charts(page) == {"progress", "grades", "attendance"}
    assert "Пока нет данных" in str(page)
    assert page.find("canvas") is None


def test_the_learner_dashboard_costs_a_fixed_number_of_queries(
    client, student, studying, django_assert_num_queries
):
    client.force_login(student)
    client.get(reverse("analytics:learner"))  # the session, settings and furniture cached
    with django_assert_num_queries(LEARNER_PAGE_QUERIES):
        client.get(reverse("analytics:learner"))
    more = LessonPageFactory(parent=studying, title="Ещё урок")
    LessonProgress.objects.create(user=student, lesson=more, status="completed", percent=100)
    client.get(reverse("analytics:learner"))  # the new page emptied the furniture cache
    with django_assert_num_queries(LEARNER_PAGE_QUERIES):
        client.get(reverse("analytics:learner"))


# The page's frame (session, user; the header and footer from their cache; the menu's unread
# messages and notices kept), the learner's courses, lessons and completions, attendance, and
# the gradebook's fixed number for the one course: whatever the lessons, completions and marks.
LEARNER_PAGE_QUERIES = 16


def test_signed_out_visitors_are_sent_to_sign_in(client):
    for name in ("learner", "teaching", "school"):
        response = client.get(reverse(f"analytics:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_chart_js_is_loaded_only_on_dashboards(client, student):
    client.force_login(student)
    assert CHART_JS not in client.get(reverse("cabinet:home")).content.decode()


# The teacher's dashboard and a course's


@pytest.fixture
def taught(course, now):
    """Two learners enrolled this month, one of whom completed."""
    enroll(course, at=now)
    enroll(course, at=now, completed_at=now)
    return course


def test_the_teacher_sees_their_courses_numbers(client, teacher, taught):
    client.force_login(teacher)
    page = soup(client.get(reverse("analytics:teaching")))
    assert figure(page, "enrolled") == "2"
    assert figure(page, "completed") == "1"
    enrollments = table(page, "enrollments")
    chart = next(c for c in teacher_report(teacher, teacher).charts if c.key == "enrollments")
    assert enrollments[""] == [series.label for series in chart.series]
    assert list(enrollments.values())[-1] == ["2", "1"]  # this month
    links = page.find_all("a", attrs={"data-testid": "course-dashboard-link"})
    assert [a["href"] for a in links] == [reverse("analytics:course", args=[taught.pk])]
    assert page.find(attrs={"data-testid": "at-risk"}) is not None
    assert page.find(attrs={"data-testid": "teacher-picker"}) is None


def test_the_course_dashboard_shows_that_course(client, teacher, taught, other_course):
    enroll(other_course)
    client.force_login(teacher)
    page = soup(client.get(reverse("analytics:course", args=[taught.pk])))
    assert page.h1.get_text(strip=True) == "Алгебра"
    assert figure(page, "enrolled") == "2"


def test_a_teacher_cannot_open_another_teachers_course(client, teacher, other_course):
    client.force_login(teacher)
    response = client.get(reverse("analytics:course", args=[other_course.pk]))
    assert response.status_code == 403


def test_an_unknown_course_is_404(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("analytics:course", args=[987654])).status_code == 404


def test_a_learner_has_no_teaching_dashboard(client, student, course):
    client.force_login(student)
    assert client.get(reverse("analytics:teaching")).status_code == 403
    assert client.get(reverse("analytics:course", args=[course.pk])).status_code == 403


def test_a_teacher_cannot_choose_another_teacher(client, teacher, taught, other_teacher):
    client.force_login(teacher)
    page = soup(client.get(reverse("analytics:teaching"), {"teacher": other_teacher.pk}))
    assert figure(page, "enrolled") == "2"  # their own, the parameter ignored


def test_staff_choose_the_teacher(client, teacher, taught, other_teacher):
    staff = AdminFactory()
    client.force_login(staff)
    page = soup(client.get(reverse("analytics:teaching")))
    assert page.find(attrs={"data-testid": "choose-teacher"}) is not None
    picker = page.find(attrs={"data-testid": "teacher-picker"})
    options = [o["value"] for o in picker.find_all("option")]
    assert options[0] == ""  # nobody chosen yet
    assert {int(value) for value in options[1:]} >= {teacher.pk, other_teacher.pk}
    page = soup(client.get(reverse("analytics:teaching"), {"teacher": teacher.pk}))
    assert figure(page, "enrolled") == "2"
    page = soup(client.get(reverse("analytics:teaching"), {"teacher": other_teacher.pk}))
    assert figure(page, "enrolled") == "0"
    assert client.get(reverse("analytics:course", args=[taught.pk])).status_code == 200


def test_staff_asking_for_someone_who_is_not_a_teacher_get_404(client, student):
    client.force_login(AdminFactory())
    for value in (student.pk, "abc", 2**70):
        response = client.get(reverse("analytics:teaching"), {"teacher": value})
        assert response.status_code == 404


# The school's dashboard


def test_only_staff_see_the_school_dashboard(client, teacher, student):
    for person in (teacher, student):
        client.force_login(person)
        assert client.get(reverse("analytics:school")).status_code == 404
    client.force_login(AdminFactory())
    page = soup(client.get(reverse("analytics:school")))
    assert page.find("figure", attrs={"data-testid": "chart-new-learners"}) is not None


def test_the_school_dashboard_counts_new_learners(client, course, now):
    enroll(course, at=now)
    client.force_login(AdminFactory())
    page = soup(client.get(reverse("analytics:school")))
    assert list(table(page, "new-learners").values())[-1] == ["1"]


# The menus


def test_the_cabinet_menu_has_each_roles_dashboards(client, student, teacher):
    def entries(person):
        client.force_login(person)
        page = soup(client.get(reverse("cabinet:home")))
        return {a["data-testid"] for a in page.select("nav.cabinet-nav a[data-testid$=dashboard]")}

    assert entries(student) == {"cabinet-dashboard"}
    assert entries(teacher) == {"cabinet-teaching-dashboard"}
    assert entries(AdminFactory()) == {
        "cabinet-dashboard",
        "cabinet-teaching-dashboard",
        "cabinet-school-dashboard",
    }


def test_the_admin_menu_links_the_school_dashboard(client):
    client.force_login(AdminFactory())
    response = client.get("/admin/")
    assert reverse("analytics:school") in response.content.decode()


# Learners at risk (a report's at_risk: who, which course, why)


def test_learners_at_risk_are_listed_with_their_reasons(student, course):
    reason = SimpleNamespace(code="attendance", text="Посещаемость 55 % (ниже 70 %)")
    item = SimpleNamespace(student=student, course=course, reasons=[reason])
    page = BeautifulSoup(
        render_to_string("analytics/includes/at_risk.html", {"at_risk": [item]}), "html.parser"
    )
    (entry,) = page.select("[data-testid=at-risk-learner]")
    assert student.get_full_name() and student.get_full_name() in entry.get_text()
    assert "Алгебра" in entry.get_text()
    assert [li.get_text() for li in entry.select(".at-risk-reasons li")] == [reason.text]
    empty = render_to_string("analytics/includes/at_risk.html", {"at_risk": []})
    assert "В зоне риска никого" in empty


def test_charts_go_two_to_a_row_and_none_stands_alone():
    def chart(kind):
        return Chart(key=kind, title="t", kind=kind, labels=["a"], series=[Series("s", [1])])

    kinds = ["line", "bar", "line", "bar", "doughnut", "stacked-bar", "line", "horizontal-bar"]
    layout = chart_layout([chart(kind) for kind in kinds])
    assert [wide for _chart, wide in layout] == [
        True,  # a line over time
        True,  # alone between two lines
        True,
        False,  # a pair
        False,
        True,  # the third of a run of three
        True,
        True,  # alone at the end
    ]
