"""The teacher's review queue page: 500 handed-in works, filters, order, pages, queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from learning.homework.models import Submission

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, TeacherFactory
from .factories import HomeworkFactory

pytestmark = pytest.mark.django_db

Status = Submission.Status
QUEUE = reverse("homework:review-queue")
ROW = 'data-testid="queue-row"'


@pytest.fixture
def seeded(catalog, teacher):
    """Two courses of the teacher with 5 homework each; 50 students hand in each: 500 works.

    Every tenth work is already graded; the times are shuffled so the order is tested.
    """
    courses = [
        CoursePageFactory(parent=catalog, title=title, teacher=teacher, price=0)
        for title in ("Физика", "Химия")
    ]
    homework = [
        HomeworkFactory(lesson=LessonPageFactory(parent=course), owner=teacher, title=f"{c}-{n}")
        for c, course in enumerate(courses)
        for n in range(5)
    ]
    students = User.objects.bulk_create(
        User(email=f"queue{n}@example.com", first_name="Ученик", last_name=str(n))
        for n in range(50)
    )
    base = timezone.now() - timedelta(days=30)
    works = []
    for n in range(500):
        minutes = (n * 7919) % 500  # a permutation of 0..499: not in creation order
        works.append(
            Submission(
                student=students[n % 50],
                homework=homework[n // 50],
                attempt=1,
                started_at=base + timedelta(minutes=minutes) - timedelta(minutes=10),
                submitted_at=base + timedelta(minutes=minutes),
                status=Status.GRADED if n % 10 == 0 else Status.NEEDS_REVIEW,
            )
        )
    Submission.objects.bulk_create(works)
    return courses, homework


def rows(response) -> int:
    return response.content.decode().count(ROW)


def grade_links(response) -> list[int]:
    return [int(pk) for pk in re.findall(r"/submissions/(\d+)/grade/", response.content.decode())]


def test_queue_of_500_in_a_fixed_number_of_queries(
    client, teacher, seeded, django_assert_max_num_queries
):
    client.force_login(teacher)
    # Session, user, the teacher's homework, count, one page, the site's header and footer, and
    # Wagtail's userbar (a teacher is in the admin: their admin profile and permissions).
    with django_assert_max_num_queries(26):  # with the Messages badge
        first = client.get(QUEUE)
    assert first.status_code == 200
    assert rows(first) == 25
    assert first.context["page_obj"].paginator.count == 450
    with django_assert_max_num_queries(26):  # with the Messages badge
        last = client.get(QUEUE + "?page=18")
    assert rows(last) == 25
    with django_assert_max_num_queries(26):  # with the Messages badge
        filtered = client.get(QUEUE + f"?course={seeded[0][1].pk}&status=graded")
    assert filtered.context["page_obj"].paginator.count == 25  # graded, second course
    assert rows(filtered) == 25


def test_oldest_first_and_pages(client, teacher, seeded):
    client.force_login(teacher)
    expected = list(
        Submission.objects.filter(status=Status.NEEDS_REVIEW)
        .order_by("submitted_at", "pk")
        .values_list("pk", flat=True)
    )
    first = grade_links(client.get(QUEUE))
    second = grade_links(client.get(QUEUE + "?page=2"))
    assert first == expected[:25]
    assert second == expected[25:50]
    # A page number that is not one falls back to a real page instead of failing.
    assert grade_links(client.get(QUEUE + "?page=abc")) == expected[:25]
    assert grade_links(client.get(QUEUE + "?page=999")) == expected[425:450]


def test_filters(client, teacher, seeded):
    courses, homework = seeded
    client.force_login(teacher)
    by_course = client.get(QUEUE + f"?course={courses[1].pk}")
    assert by_course.context["page_obj"].paginator.count == 225
    assert all(
        s.homework.course_id == courses[1].pk for s in by_course.context["page_obj"].object_list
    )
    by_homework = client.get(QUEUE + f"?homework={homework[3].pk}")
    assert by_homework.context["page_obj"].paginator.count == 45
    graded = client.get(QUEUE + "?status=graded")
    assert graded.context["page_obj"].paginator.count == 50
    assert all(s.status == Status.GRADED for s in graded.context["page_obj"].object_list)
    # Paging keeps the filters.
    assert f"course={courses[1].pk}" in by_course.content.decode().split('rel="next"')[0]
    # Junk in the filters is ignored, not an error.
    junk = client.get(QUEUE + "?course=abc&homework=-1&status=bogus")
    assert junk.status_code == 200
    assert junk.context["page_obj"].paginator.count == 450


def test_each_teacher_sees_their_own_students_work(client, catalog, seeded):
    stranger = TeacherFactory()
    theirs = CoursePageFactory(parent=catalog, teacher=stranger, price=0)
    HomeworkFactory(lesson=LessonPageFactory(parent=theirs), owner=stranger)
    client.force_login(stranger)
    response = client.get(QUEUE)
    assert response.context["page_obj"].paginator.count == 0
    assert 'data-testid="queue-empty"' in response.content.decode()
    # A course of someone else is not a filter the stranger can use to peek.
    peek = client.get(QUEUE + f"?course={seeded[0][0].pk}")
    assert peek.context["page_obj"].paginator.count == 0

    client.force_login(AdminFactory())
    assert client.get(QUEUE).context["page_obj"].paginator.count == 450


def test_rows_link_to_grading_and_come_back(client, teacher, seeded):
    client.force_login(teacher)
    html = client.get(QUEUE + "?status=needs_review&page=2").content.decode()
    assert "?next=/ru/homework/review/%3Fstatus%3Dneeds_review%26page%3D2" in html
