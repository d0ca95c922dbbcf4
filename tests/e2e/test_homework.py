"""A teacher builds a three-question test in the admin, a student takes it and sees the
automatic score, the teacher grades the free-text answer and the student sees the feedback."""

import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from courses import services as course_services
from learning.enrollment.models import Enrollment
from learning.homework.models import Homework, Submission

from ..courses.factories import CourseIndexPageFactory, CoursePageFactory, LessonPageFactory
from ..factories import HomePageFactory, StudentFactory, TeacherFactory
from .test_course_publishing import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course():
    from wagtail.models import Locale, Page, Site

    Locale.objects.get_or_create(language_code="en")
    home = HomePageFactory(parent=Page.get_first_root_node(), slug="home-homework")
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    teacher = TeacherFactory(first_name="Ирина", last_name="Соколова", verified=True)
    teacher.groups.add(course_services.tutors_group())
    profile = UserProfile.get_for_user(teacher)
    profile.preferred_language = "en"  # the admin's buttons below are named in English
    profile.save()
    catalog = CourseIndexPageFactory(parent=home)
    course = CoursePageFactory(parent=catalog, title="Физика", teacher=teacher, price=0)
    lesson = LessonPageFactory(parent=course, title="Кинематика")
    student = StudentFactory(first_name="Анна", last_name="Петрова", verified=True)
    Enrollment.objects.create(user=student, course=course, source="free")
    return {"teacher": teacher, "lesson": lesson, "student": student}


def build_test_in_the_admin(page, lesson) -> Homework:
    page.goto(reverse("homework_admin:add"))
    page.fill("#id_title", "Контрольная по кинематике")
    page.select_option("#id_lesson", str(lesson.pk))
    page.select_option("#id_kind", "test")
    page.fill("#id_max_attempts", "2")

    page.click("#id_questions-ADD")  # 1: single choice, 2 points
    page.fill("#id_questions-0-text", "Единица скорости в СИ?")
    page.select_option("#id_questions-0-type", "single")
    page.fill("#id_questions-0-points", "2")
    for n, text in enumerate(["м/с", "км/ч"]):
        page.click("#id_questions-0-choices-ADD")
        page.fill(f"#id_questions-0-choices-{n}-text", text)
    page.check("#id_questions-0-choices-0-is_correct")

    page.click("#id_questions-ADD")  # 2: multiple choice, 2 points
    page.fill("#id_questions-1-text", "Какие величины векторные?")
    page.select_option("#id_questions-1-type", "multi")
    page.fill("#id_questions-1-points", "2")
    for n, text in enumerate(["скорость", "ускорение", "масса"]):
        page.click("#id_questions-1-choices-ADD")
        page.fill(f"#id_questions-1-choices-{n}-text", text)
    page.check("#id_questions-1-choices-0-is_correct")
    page.check("#id_questions-1-choices-1-is_correct")

    page.click("#id_questions-ADD")  # 3: free text, graded by the teacher
    page.fill("#id_questions-2-text", "Объясните, что такое равноускоренное движение.")
    page.select_option("#id_questions-2-type", "text")
    page.fill("#id_questions-2-points", "4")

    page.click("button[type=submit]:has-text('Create')")
    page.wait_for_url(f"**{reverse('homework_admin:index')}")
    return Homework.objects.get(title="Контрольная по кинематике")


def test_build_take_grade_and_read_the_feedback(page, live_server, course):
    teacher, student, lesson = course["teacher"], course["student"], course["lesson"]

    sign_in(page, live_server, teacher)
    homework = build_test_in_the_admin(page, lesson)
    assert homework.owner == teacher and homework.questions.count() == 3
    text = homework.questions.get(type="text")

    # The student finds it on the lesson page and takes it.
    sign_in(page, live_server, student)
    page.goto(lesson.url)
    page.get_by_test_id("lesson-homework").get_by_role("link", name=homework.title).click()
    page.get_by_test_id("start").click()
    page.wait_for_url(re.compile(r"/homework/submissions/\d+/"))
    page.get_by_label("м/с").check()
    page.get_by_label("скорость").check()  # one of two right picks: half the points
    page.fill(f"[name=q_{text.pk}]", "Скорость меняется на одно и то же за равные промежутки.")
    page.once("dialog", lambda dialog: dialog.accept())  # "Hand in your work?"
    page.get_by_test_id("submit").click()
    page.wait_for_selector("[data-testid=result]")

    # Auto-graded right away: 2 + 1 of 8 points; the free text waits for the teacher.
    assert page.get_by_test_id("score").inner_text().replace(" ", "") == "3/8"
    submission = Submission.objects.get(student=student, homework=homework)
    assert submission.status == Submission.Status.NEEDS_REVIEW

    # The teacher grades the free-text answer from the review queue.
    sign_in(page, live_server, teacher)
    page.goto(reverse("homework:review-queue"))
    row = page.get_by_test_id("queue-row").filter(has_text="Петрова")
    row.locator("a[href*='/grade/']").click()
    page.wait_for_url(re.compile(r"/grade/"))
    page.fill(f"[name=points_{text.pk}]", "3")
    page.fill(f"[name=feedback_{text.pk}]", "Верно, но не хватает формулы.")
    page.fill("[name=comment]", "Хорошая работа")
    page.get_by_test_id("save-grade").click()
    page.wait_for_url(re.compile(r"/homework/review/"))

    submission.refresh_from_db()
    assert submission.status == Submission.Status.GRADED
    assert submission.score == 6

    # The student sees the grade and the feedback on the answer.
    sign_in(page, live_server, student)
    page.goto(reverse("homework:submission", kwargs={"submission_id": submission.pk}))
    assert page.get_by_test_id("score").inner_text().replace(" ", "") == "6/8"
    assert "Верно, но не хватает формулы." in page.get_by_test_id("feedback").inner_text()
    assert "Хорошая работа" in page.get_by_test_id("teacher-comment").inner_text()
    page.goto(reverse("cabinet:notifications"))
    assert homework.title in page.locator(".notification-list").inner_text()

    assert page.js_errors == [] and page.csp_violations == []
