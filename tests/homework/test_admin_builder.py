"""The homework builder in the Wagtail admin: questions and choices inline, who sees what,
validation on the form, regrading after a change, the student preview link."""

from decimal import Decimal
from html import escape

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail.users.models import UserProfile

from courses import services as course_services
from learning.homework import services
from learning.homework.models import Choice, Homework, Question, Submission

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..e2e.conftest import page  # noqa: F401 - the Chromium fixture, for the browser test
from ..factories import StudentFactory, TeacherFactory
from ..schedule.factories import LiveLessonFactory
from .conftest import choice_question
from .factories import HomeworkFactory, QuestionFactory

pytestmark = pytest.mark.django_db

INDEX = "homework_admin:index"
ADD = "homework_admin:add"


def edit_url(homework) -> str:
    return reverse("homework_admin:edit", args=[homework.pk])


def admin_in_english(user):
    """The admin speaks the user's language; English keeps the expected messages readable."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def tutor(teacher):
    """The course's teacher, a tutor in the admin."""
    teacher.groups.add(course_services.tutors_group())
    admin_in_english(teacher)
    return teacher


@pytest.fixture
def other(catalog):
    """Another tutor with their own course, lesson and homework."""
    person = TeacherFactory(verified=True)
    person.groups.add(course_services.tutors_group())
    course = CoursePageFactory(parent=catalog, title="Химия", teacher=person)
    lesson = LessonPageFactory(parent=course, title="Чужой урок")
    homework = HomeworkFactory(title="Чужое задание", lesson=lesson, owner=person)
    return {"user": person, "course": course, "lesson": lesson, "homework": homework}


def choice(text, correct=False, **extra):
    return {"text": text, **({"is_correct": "on"} if correct else {}), **extra}


def question(text, type_, points="1", choices=(), correct_number="", tolerance="0", **extra):
    return {
        "text": text,
        "type": type_,
        "points": points,
        "correct_number": correct_number,
        "tolerance": tolerance,
        "choices": inline_formset(list(choices), initial=sum(1 for c in choices if c.get("id"))),
        **extra,
    }


def form_data(lesson, questions, **fields):
    data = {
        "title": "Контрольная по механике",
        "description": "Три вопроса",
        "lesson": lesson.pk if lesson else "",
        "kind": "test",
        "weight": "1",
        "due_at": "",
        "max_attempts": "1",
        "time_limit_minutes": "",
        "pass_mark": "60",
        "late_policy": "accept",
        "questions": inline_formset(
            list(questions), initial=sum(1 for q in questions if q.get("id"))
        ),
        **fields,
    }
    return nested_form_data({key: value for key, value in data.items() if value is not None})


def three_questions():
    """Sent in one order, meant in another: ORDER puts single, multi, text."""
    return [
        question("Объясните опыт", "text", points="3", ORDER="3"),
        question(
            "Столица Франции?",
            "single",
            choices=[choice("Париж", True, ORDER="2"), choice("Лион", ORDER="1")],
            ORDER="1",
        ),
        question(
            "Простые числа",
            "multi",
            points="2",
            choices=[choice("2", True), choice("4"), choice("5", True)],
            ORDER="2",
        ),
    ]


def existing(homework):
    """POST data that keeps a saved homework as it is (ids included)."""
    return [
        question(
            q.text,
            q.type,
            points=str(q.points),
            correct_number="" if q.correct_number is None else str(q.correct_number),
            tolerance=str(q.tolerance),
            id=str(q.pk),
            choices=[choice(c.text, c.is_correct, id=str(c.pk)) for c in q.choices.all()],
        )
        for q in homework.questions.prefetch_related("choices")
    ]


# ---------------------------------------------------------------------------------------------
# Building


def test_the_tutors_group_may_manage_homework():
    group = Group.objects.get(name=course_services.TUTORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_homework", "change_homework", "delete_homework"} <= codenames


def test_teacher_builds_a_homework_with_ordered_questions_and_choices(client, tutor, lesson):
    client.force_login(tutor)
    response = client.post(reverse(ADD), form_data(lesson, three_questions()))

    assert response.status_code == 302, response.context["form"].errors
    homework = Homework.objects.get()
    assert homework.owner == tutor
    assert homework.lesson_id == lesson.pk and homework.course_id == lesson.course.pk
    questions = list(homework.questions.all())
    assert [(q.text, q.type, q.order) for q in questions] == [
        ("Столица Франции?", "single", 0),
        ("Простые числа", "multi", 1),
        ("Объясните опыт", "text", 2),
    ]
    assert questions[2].points == Decimal("3")
    assert [(c.text, c.is_correct, c.order) for c in questions[0].choices.all()] == [
        ("Лион", False, 0),
        ("Париж", True, 1),
    ]
    assert [(c.text, c.is_correct) for c in questions[1].choices.all()] == [
        ("2", True),
        ("4", False),
        ("5", True),
    ]
    assert services.validate_homework(homework) == []


def test_teacher_reorders_and_deletes_questions_of_a_saved_homework(client, tutor, homework):
    first, _ = choice_question(homework, True, False)
    second = QuestionFactory(homework=homework, type=Question.Type.TEXT, text="Второй")
    third = QuestionFactory(homework=homework, type=Question.Type.TEXT, text="Третий")
    data = existing(homework)
    data[0].update(ORDER="3")  # first goes last
    data[1].update(DELETE="1")  # second goes away
    data[0]["choices"]["1"]["DELETE"] = "1"  # the wrong choice goes away
    client.force_login(tutor)
    response = client.post(edit_url(homework), form_data(homework.lesson, data))

    assert response.status_code == 302, response.context["form"].errors
    assert [q.pk for q in homework.questions.all()] == [third.pk, first.pk]
    assert not Question.objects.filter(pk=second.pk).exists()
    assert [c.is_correct for c in Choice.objects.filter(question=first)] == [True]


def test_the_form_shows_questions_and_choices_inline(client, tutor, homework):
    choice_question(homework, True, False)
    client.force_login(tutor)
    response = client.get(edit_url(homework))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'name="questions-0-choices-1-is_correct"' in content
    # The empty templates for "add question" carry their own nested choices formset.
    assert 'name="questions-__prefix__-choices-TOTAL_FORMS"' in content


# ---------------------------------------------------------------------------------------------
# Validation on the form: the rules of services.validate_homework, before anything is saved


INVALID = {
    "no correct choice": (
        [question("?", "single", choices=[choice("a"), choice("b")])],
        "Question 1: mark at least one choice as correct.",
    ),
    "single choice with two correct": (
        [
            question("Текст", "text"),
            question("?", "single", choices=[choice("a", True), choice("b", True)]),
        ],
        "Question 2: a single-choice question can have only one correct choice.",
    ),
    "multi choice without correct": (
        [question("?", "multi", choices=[choice("a"), choice("b")])],
        "Question 1: mark at least one choice as correct.",
    ),
    "zero points": (
        [question("Текст", "text", points="0")],
        "Question 1: give it more than zero points.",
    ),
    "number without the correct number": (
        [question("Сколько?", "number")],
        "Question 1: enter the correct number.",
    ),
    "no questions": ([], "The homework has no questions."),
}


@pytest.mark.parametrize("case", INVALID, ids=list(INVALID))
def test_invalid_homework_is_refused_with_the_reason(client, tutor, lesson, case):
    questions, message = INVALID[case]
    client.force_login(tutor)
    response = client.post(reverse(ADD), form_data(lesson, questions))

    assert response.status_code == 200
    assert message in response.context["form"].non_field_errors()
    assert escape(message) in response.content.decode()
    assert not Homework.objects.exists() and not Question.objects.exists()


def test_an_edit_that_breaks_the_homework_is_refused(client, tutor, homework):
    question_, choices = choice_question(homework, True, False)
    data = existing(homework)
    data[0]["choices"]["0"].pop("is_correct")  # no correct choice left
    client.force_login(tutor)
    response = client.post(edit_url(homework), form_data(homework.lesson, data))

    assert response.status_code == 200
    assert "Question 1: mark at least one choice as correct." in (
        response.context["form"].non_field_errors()
    )
    choices[0].refresh_from_db()
    assert choices[0].is_correct


def test_a_second_final_test_of_the_course_is_refused_on_the_form(client, tutor, lesson):
    HomeworkFactory(lesson=lesson, owner=tutor, is_final_test=True, title="Итоговый")
    client.force_login(tutor)
    data = form_data(lesson, [question("Текст", "text")], is_final_test="on")
    response = client.post(reverse(ADD), data)

    assert response.status_code == 200
    assert response.context["form"].errors["is_final_test"] == [
        "This course already has a final test: Итоговый."
    ]
    assert Homework.objects.count() == 1


# ---------------------------------------------------------------------------------------------
# Who sees and edits what


def test_teacher_sees_only_their_homework(client, tutor, homework, other):
    client.force_login(tutor)
    response = client.get(reverse(INDEX))
    content = response.content.decode()
    assert response.status_code == 200
    assert homework.title in content
    assert other["homework"].title not in content


def test_teacher_cannot_open_change_or_delete_another_teachers_homework(client, tutor, other):
    theirs = other["homework"]
    QuestionFactory(homework=theirs, type=Question.Type.TEXT)
    client.force_login(tutor)
    assert client.get(edit_url(theirs)).status_code == 404
    response = client.post(
        edit_url(theirs), form_data(other["lesson"], existing(theirs), title="Захват")
    )
    assert response.status_code == 404
    delete = reverse("homework_admin:delete", args=[theirs.pk])
    assert client.get(delete).status_code == 404
    assert client.post(delete).status_code == 404
    assert client.get(reverse("homework_admin:history", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Чужое задание"


def test_teacher_cannot_pick_another_teachers_lesson(client, tutor, lesson, other):
    client.force_login(tutor)
    html = client.get(reverse(ADD)).content.decode()
    assert f'<option value="{lesson.pk}">Физика — Урок 1</option>' in html
    assert "Чужой урок" not in html

    response = client.post(reverse(ADD), form_data(other["lesson"], three_questions()))
    assert response.status_code == 200
    assert "lesson" in response.context["form"].errors
    assert not Homework.objects.filter(owner=tutor).exists()


def test_a_group_teacher_edits_the_homework_given_to_their_group(client, homework, other):
    """Not their course: the homework's own lesson stays selectable, no other lesson is."""
    group_teacher = other["user"]
    admin_in_english(group_teacher)
    QuestionFactory(homework=homework, type=Question.Type.TEXT)
    LiveLessonFactory(homework=homework, group__teacher=group_teacher)
    client.force_login(group_teacher)
    html = client.get(edit_url(homework)).content.decode()
    assert f'<option value="{homework.lesson_id}" selected>' in html

    response = client.post(
        edit_url(homework), form_data(homework.lesson, existing(homework), title="Для группы")
    )
    assert response.status_code == 302, response.context["form"].errors
    homework.refresh_from_db()
    assert homework.title == "Для группы"

    response = client.post(reverse(ADD), form_data(homework.lesson, three_questions()))
    assert response.status_code == 200 and "lesson" in response.context["form"].errors


def test_staff_see_and_edit_every_homework(client, admin_user, homework, other):
    admin_in_english(admin_user)
    theirs = other["homework"]
    QuestionFactory(homework=theirs, type=Question.Type.TEXT)
    client.force_login(admin_user)
    content = client.get(reverse(INDEX)).content.decode()
    assert homework.title in content and theirs.title in content

    html = client.get(edit_url(theirs)).content.decode()
    assert "Чужой урок" in html and "Урок 1" in html
    response = client.post(
        edit_url(theirs), form_data(homework.lesson, existing(theirs), title="Переехало")
    )
    assert response.status_code == 302, response.context["form"].errors
    theirs.refresh_from_db()
    assert theirs.title == "Переехало" and theirs.lesson_id == homework.lesson_id
    assert theirs.owner == other["user"]  # the owner stays the one who made it


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher without admin", "editor"])
def test_other_people_cannot_reach_the_builder(client, homework, lesson, who):
    if who != "anonymous":
        user = TeacherFactory() if "teacher" in who else StudentFactory()
        if "teacher" in who:  # the role brings the Tutors group; staff took this one out
            user.groups.clear()
        if who == "editor":  # in the admin, but homework is not theirs to build
            user.groups.add(Group.objects.get(name="Editors"))
        client.force_login(user)
    for url in (reverse(INDEX), reverse(ADD), edit_url(homework)):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/homework/" not in response.headers["Location"].split("?")[0]
    response = client.post(reverse(ADD), form_data(lesson, three_questions()))
    assert response.status_code in (302, 403)
    assert Homework.objects.count() == 1


def test_the_menu_shows_homework_to_tutors_only(client, tutor):
    client.force_login(tutor)
    assert reverse(INDEX) in client.get("/admin/").content.decode()
    # Staff roles are not teachers: an editor is in the admin without the Tutors group.
    editor = StudentFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert reverse(INDEX) not in client.get("/admin/").content.decode()


# ---------------------------------------------------------------------------------------------
# Deleting


def test_teacher_deletes_homework_without_handed_in_work(client, tutor, homework):
    client.force_login(tutor)
    response = client.post(reverse("homework_admin:delete", args=[homework.pk]))
    assert response.status_code == 302
    assert not Homework.objects.filter(pk=homework.pk).exists()


def test_homework_with_handed_in_work_is_not_deleted(client, tutor, homework, learner):
    question_, _choices = choice_question(homework, True, False)
    services.submit(services.start_attempt(learner, homework))
    client.force_login(tutor)
    response = client.post(reverse("homework_admin:delete", args=[homework.pk]), follow=True)
    assert Homework.objects.filter(pk=homework.pk).exists()
    assert "cannot be deleted" in response.content.decode()


# ---------------------------------------------------------------------------------------------
# Regrading after a change to how a question is graded


def test_changing_the_correct_choice_regrades_handed_in_work(client, tutor, homework, learner):
    question_, (right, wrong) = choice_question(homework, True, False, points="2")
    number = QuestionFactory(
        homework=homework,
        type=Question.Type.NUMBER,
        correct_number=Decimal("10"),
        points=Decimal("2"),
    )
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question_.pk: wrong.pk, number.pk: "10.4"})
    submission = services.submit(submission)
    assert submission.score == Decimal("0") and not submission.passed

    data = existing(homework)
    data[0]["choices"]["0"].pop("is_correct")
    data[0]["choices"]["1"]["is_correct"] = "on"  # the teacher fixes the key
    data[1]["tolerance"] = "0.5"  # and accepts 10.4
    client.force_login(tutor)
    response = client.post(edit_url(homework), form_data(homework.lesson, data), follow=True)

    assert response.status_code == 200
    submission.refresh_from_db()
    assert submission.score == Decimal("4.00")
    assert submission.grade == Decimal("100.00") and submission.passed
    assert submission.answers.get(question=question_).points == Decimal("2.00")
    assert "Handed-in work was regraded for 2 questions." in response.content.decode()


def test_changing_points_regrades_and_other_edits_do_not(client, tutor, homework, learner):
    question_, (right, _wrong) = choice_question(homework, True, False, points="1")
    text = QuestionFactory(homework=homework, type=Question.Type.TEXT, points=Decimal("1"))
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question_.pk: right.pk, text.pk: "Ответ"})
    services.submit(submission)
    client.force_login(tutor)

    data = existing(homework)
    response = client.post(
        edit_url(homework), form_data(homework.lesson, data, title="Новое имя"), follow=True
    )
    assert "regraded" not in response.content.decode()

    data[0]["points"] = "3"
    response = client.post(edit_url(homework), form_data(homework.lesson, data), follow=True)
    assert "Handed-in work was regraded for 1 question." in response.content.decode()
    submission = Submission.objects.get(pk=submission.pk)
    assert submission.answers.get(question=question_).points == Decimal("3.00")
    assert submission.score == Decimal("3.00")


# ---------------------------------------------------------------------------------------------
# The student preview link and the listing


def test_preview_as_student_is_linked_from_the_listing_and_the_editor(client, tutor, homework):
    with translation.override("en"):  # the tutor's admin language
        preview = reverse("homework:preview", kwargs={"homework_id": homework.pk})
    client.force_login(tutor)
    for url in (reverse(INDEX), edit_url(homework)):
        content = client.get(url).content.decode()
        assert f'href="{preview}"' in content
        assert 'target="_blank"' in content
        assert "Preview as student" in content


def test_filters_and_search(client, tutor, lesson, homework, other):
    control = HomeworkFactory(
        title="Контрольная точка", lesson=lesson, owner=tutor, kind=Homework.Kind.CONTROL_POINT
    )
    client.force_login(tutor)
    content = client.get(reverse(INDEX), {"kind": "control"}).content.decode()
    assert control.title in content and homework.title not in content
    content = client.get(reverse(INDEX), {"q": "точка"}).content.decode()
    assert control.title in content and homework.title not in content
    # The course filter offers only the courses of homework the person manages.
    content = client.get(reverse(INDEX)).content.decode()
    assert "Физика" in content and "Химия" not in content


def test_export_lists_only_manageable_homework(client, tutor, homework, other):
    QuestionFactory(homework=homework)
    client.force_login(tutor)
    response = client.get(reverse(INDEX), {"export": "csv"})
    content = b"".join(response.streaming_content).decode()
    assert response.status_code == 200
    assert homework.title in content and other["homework"].title not in content


def test_the_listing_is_built_in_a_fixed_number_of_queries(
    client, tutor, lesson, django_assert_max_num_queries
):
    def make(count):
        for _ in range(count):
            homework = HomeworkFactory(lesson=lesson, owner=tutor)
            QuestionFactory.create_batch(2, homework=homework)

    client.force_login(tutor)
    make(2)
    client.get(reverse(INDEX))  # warm the per-user caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(INDEX)).status_code == 200
    make(23)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(INDEX))
    assert response.content.decode().count("Preview as student") >= 25


def test_no_pending_model_changes():
    call_command("makemigrations", "homework", "--check", "--dry-run", verbosity=0)


# ---------------------------------------------------------------------------------------------
# In the browser: nested inline panels add, order and save questions with their choices


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_teacher_builds_questions_with_choices_in_the_browser(
    page,  # noqa: F811 - the fixture imported above
    live_server,
    tutor,
    lesson,
):
    client = Client()
    client.force_login(tutor)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    page.goto(reverse(ADD))
    page.fill("#id_title", "Из браузера")
    page.select_option("#id_lesson", str(lesson.pk))
    page.click("#id_questions-ADD")
    page.fill("#id_questions-0-text", "Первый")
    page.select_option("#id_questions-0-type", "single")
    page.click("#id_questions-0-choices-ADD")
    page.click("#id_questions-0-choices-ADD")
    page.fill("#id_questions-0-choices-0-text", "Да")
    page.check("#id_questions-0-choices-0-is_correct")
    page.fill("#id_questions-0-choices-1-text", "Нет")
    page.click("#id_questions-ADD")
    page.fill("#id_questions-1-text", "Второй")
    page.select_option("#id_questions-1-type", "multi")
    page.click("#id_questions-1-choices-ADD")
    page.fill("#id_questions-1-choices-0-text", "А")
    page.check("#id_questions-1-choices-0-is_correct")
    # The question's own "move up" comes before its choices' controls.
    page.locator("#inline_child_questions-1 [data-inline-panel-child-move-up]").first.click()
    page.click("button[type=submit]:has-text('Create')")
    page.wait_for_url(f"**{reverse(INDEX)}")

    homework = Homework.objects.get()
    assert homework.owner == tutor
    assert [
        (q.text, q.type, q.order, [(c.text, c.is_correct) for c in q.choices.all()])
        for q in homework.questions.all()
    ] == [
        ("Второй", "multi", 0, [("А", True)]),
        ("Первый", "single", 1, [("Да", True), ("Нет", False)]),
    ]
    assert page.js_errors == [] and page.csp_violations == []
