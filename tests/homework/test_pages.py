"""The site's homework pages: the homework, taking it, the result, preview, grading, lesson list."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.models import Notification
from comments import services as comment_services
from learning.homework import services
from learning.homework.models import Answer, Homework, Question, Submission

from ..courses.factories import LessonPageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import choice_question, number_question
from .factories import ChoiceFactory, HomeworkFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Status = Submission.Status
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
WHO = ["student", "other_student", "teacher", "other_teacher", "staff", "anonymous"]


@pytest.fixture
def people(learner, teacher):
    return {
        "student": learner,
        "other_student": StudentFactory(verified=True),
        "teacher": teacher,
        "other_teacher": TeacherFactory(verified=True),
        "staff": AdminFactory(verified=True),
        "anonymous": None,
    }


def as_(client, person):
    client.logout()
    if person is not None:
        client.force_login(person)
    return client


def url(name, **kwargs):
    return reverse(f"homework:{name}", kwargs=kwargs)


@pytest.fixture
def quiz(homework):
    """Single choice (1 point), multiple choice (2 points), a number (2 points)."""
    single, single_choices = choice_question(homework, True, False)
    multi, multi_choices = choice_question(homework, True, True, False, multi=True, points="2")
    number = number_question(homework, correct="10", tolerance="0.5", points="2")
    return homework, (single, single_choices), (multi, multi_choices), number


def redirected_to_login(response):
    return response.status_code == 302 and reverse("account_login") in response["Location"]


# ---------------------------------------------------------------------------------------------
# The permission matrix


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [200, 404, 200, 404, 200, "login"], strict=True)),
)
def test_homework_page_matrix(client, people, quiz, who, expected):
    homework = quiz[0]
    response = as_(client, people[who]).get(url("detail", homework_id=homework.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    if expected == 200:
        html = response.content.decode()
        assert homework.title in html
        taker = who == "student"
        assert ('data-testid="start"' in html) is taker
        assert ('data-testid="teacher-tools"' in html) is (not taker)


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [404, 404, 200, 404, 200, "login"], strict=True)),
)
def test_preview_matrix(client, people, quiz, who, expected):
    homework = quiz[0]
    response = as_(client, people[who]).get(url("preview", homework_id=homework.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    assert not Submission.objects.exists()  # a preview never creates an attempt


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [200, 404, 200, 404, 200, "login"], strict=True)),
)
def test_submission_page_matrix(client, people, handed_in, who, expected):
    response = as_(client, people[who]).get(url("submission", submission_id=handed_in.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    if expected == 200:
        assert "Моё сочинение" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [403, 404, 200, 404, 200, "login"], strict=True)),
)
def test_grading_screen_matrix(client, people, handed_in, essay, who, expected):
    client = as_(client, people[who])
    response = client.get(url("grade", submission_id=handed_in.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    # Posting a grade is refused the same way, and changes nothing.
    text = essay[3]
    posted = client.post(
        url("grade", submission_id=handed_in.pk),
        {f"points_{text.pk}": "2", "comment": "", "action": "grade"},
    )
    handed_in.refresh_from_db()
    if expected == 200:
        assert posted.status_code == 302
        assert handed_in.status == Status.GRADED
    else:
        assert posted.status_code == expected
        assert handed_in.status == Status.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [403, 403, 200, 200, 200, "login"], strict=True)),
)
def test_review_queue_matrix(client, people, handed_in, who, expected):
    response = as_(client, people[who]).get(url("review-queue"))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    if expected == 200:
        rows = response.content.decode().count('data-testid="queue-row"')
        # The other teacher has a queue, but not this course's work in it.
        assert rows == (0 if who == "other_teacher" else 1)


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [200, 404, 404, 404, 404, "login"], strict=True)),
)
def test_attempt_form_is_only_for_its_student(client, people, learner, quiz, who, expected):
    submission = services.start_attempt(learner, quiz[0])
    response = as_(client, people[who]).get(url("take", submission_id=submission.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    list(zip(WHO, [200, 404, 200, 404, 200, "login"], strict=True)),
)
def test_handed_in_files_are_private(client, people, learner, homework, who, expected):
    question = QuestionFactory(homework=homework, type=Question.Type.FILE)
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: SimpleUploadedFile("work.pdf", PDF)})
    answer = Answer.objects.get(submission=submission, question=question)
    response = as_(client, people[who]).get(url("answer-file", answer_id=answer.pk))
    if expected == "login":
        assert redirected_to_login(response)
        return
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who", WHO)
def test_only_students_of_the_course_can_start(client, people, quiz, who):
    homework = quiz[0]
    response = as_(client, people[who]).post(url("start", homework_id=homework.pk))
    created = Submission.objects.filter(homework=homework).exists()
    if who == "anonymous":
        assert redirected_to_login(response)
    elif who == "student":
        submission = Submission.objects.get(homework=homework)
        assert response["Location"] == url("take", submission_id=submission.pk)
    elif who in ("teacher", "staff"):
        # They may see the homework, not take it: back to the page with a message.
        assert response["Location"] == url("detail", homework_id=homework.pk)
    else:
        assert response.status_code == 404
    assert created is (who == "student")


def test_start_needs_post_and_csrf(learner, quiz):
    from django.test import Client

    homework = quiz[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.get(url("start", homework_id=homework.pk)).status_code == 405
    assert client.post(url("start", homework_id=homework.pk)).status_code == 403
    assert not Submission.objects.exists()
    page = client.get(url("detail", homework_id=homework.pk)).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page


# ---------------------------------------------------------------------------------------------
# Taking a test through the pages


def test_taking_a_test_end_to_end(client, learner, quiz):
    homework, (single, single_choices), (multi, multi_choices), number = quiz
    client.force_login(learner)
    detail = client.get(url("detail", homework_id=homework.pk)).content.decode()
    assert 'data-testid="start"' in detail

    started = client.post(url("start", homework_id=homework.pk))
    submission = Submission.objects.get(student=learner, homework=homework)
    assert started["Location"] == url("take", submission_id=submission.pk)
    form = client.get(started["Location"]).content.decode()
    assert form.count('data-testid="question"') == 3
    assert 'enctype="multipart/form-data"' in form

    # Save part of the answers, come back: they are kept and shown.
    saved = client.post(
        started["Location"],
        {f"q_{single.pk}": str(single_choices[0].pk), f"q_{number.pk}": "10,2", "action": "save"},
    )
    assert saved.status_code == 302
    again = client.get(started["Location"]).content.decode()
    assert 'value="10.2"' in again
    assert f'value="{single_choices[0].pk}"' in again
    continue_page = client.get(url("detail", homework_id=homework.pk)).content.decode()
    assert 'data-testid="continue"' in continue_page

    # Hand in: one of two right picks and one wrong in the multiple choice earns nothing.
    handed = client.post(
        started["Location"],
        {
            f"q_{single.pk}": str(single_choices[0].pk),
            f"q_{multi.pk}": [str(multi_choices[0].pk), str(multi_choices[1].pk)],
            f"q_{number.pk}": "10,2",
            "action": "submit",
        },
    )
    assert handed["Location"] == url("submission", submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Status.AUTO_GRADED
    assert submission.score == Decimal("5.00")
    assert (submission.grade, submission.passed) == (Decimal("100.00"), True)

    result = client.get(handed["Location"]).content.decode()
    assert 'data-testid="score"' in result
    assert "5 / 5" in result
    assert "100%" in result
    assert 'data-testid="correct"' not in result  # the homework does not show the key

    # The attempt is closed: its form sends to the result, the homework has no attempts left.
    assert client.get(started["Location"])["Location"] == handed["Location"]
    detail = client.get(url("detail", homework_id=homework.pk)).content.decode()
    assert 'data-testid="blocked"' in detail
    assert 'data-testid="start"' not in detail


def test_a_refused_file_keeps_the_other_answers(client, learner, homework):
    text = QuestionFactory(homework=homework, type=Question.Type.TEXT)
    upload = QuestionFactory(homework=homework, type=Question.Type.FILE)
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    response = client.post(
        url("take", submission_id=submission.pk),
        {
            f"q_{text.pk}": "Моё решение",
            f"q_{upload.pk}": SimpleUploadedFile("homework.pdf", EXE),
            "action": "submit",
        },
    )
    assert response.status_code == 200  # the form again, not handed in
    html = response.content.decode()
    # The refusal sits in the file question's block, not the text question's.
    file_block = html.split(f'id="question-{upload.pk}"')[1]
    text_block = html.split(f'id="question-{text.pk}"')[1].split(f'id="question-{upload.pk}"')[0]
    assert 'data-testid="question-errors"' in file_block
    assert 'data-testid="question-errors"' not in text_block
    assert "Моё решение" in text_block
    assert Answer.objects.get(submission=submission, question=text).text == "Моё решение"
    submission.refresh_from_db()
    assert submission.status == Status.IN_PROGRESS

    # A real PDF is accepted, and the page links to it.
    client.post(
        url("take", submission_id=submission.pk),
        {f"q_{upload.pk}": SimpleUploadedFile("work.pdf", PDF), "action": "save"},
    )
    answer = Answer.objects.get(submission=submission, question=upload)
    assert answer.file.name.endswith(".pdf")
    page = client.get(url("take", submission_id=submission.pk)).content.decode()
    assert url("answer-file", answer_id=answer.pk) in page
    # Saving again without a new file keeps the one handed in.
    client.post(url("take", submission_id=submission.pk), {f"q_{text.pk}": "", "action": "save"})
    answer.refresh_from_db()
    assert answer.file.name.endswith(".pdf")


def test_a_wrong_choice_id_is_shown_on_its_question(client, learner, quiz):
    homework, (single, _choices), _multi, number = quiz
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    response = client.post(
        url("take", submission_id=submission.pk),
        {f"q_{single.pk}": "999999", f"q_{number.pk}": "abc", "action": "save"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="question-errors"') == 2  # the choice and the number


@pytest.mark.parametrize(
    ("policy", "status", "late"),
    [
        (Homework.LatePolicy.REFUSE, Status.SUBMITTED, True),
        (Homework.LatePolicy.ACCEPT, Status.AUTO_GRADED, True),
    ],
)
def test_time_limit_is_enforced_by_the_server(client, learner, quiz, policy, status, late):
    homework, (single, single_choices), _multi, _number = quiz
    Homework.objects.filter(pk=homework.pk).update(time_limit_minutes=10, late_policy=policy)
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    page = client.get(url("take", submission_id=submission.pk)).content.decode()
    assert 'data-hw-countdown data-seconds-left="' in page
    assert "js/homework.js" in page
    Submission.objects.filter(pk=submission.pk).update(
        started_at=timezone.now() - timedelta(minutes=30)
    )
    response = client.post(
        url("take", submission_id=submission.pk),
        {f"q_{single.pk}": str(single_choices[0].pk), "action": "submit"},
    )
    assert response["Location"] == url("submission", submission_id=submission.pk)
    submission.refresh_from_db()
    assert (submission.status, submission.is_late) == (status, late)
    result = client.get(response["Location"]).content.decode()
    assert 'data-testid="late"' in result
    if policy == Homework.LatePolicy.REFUSE:
        assert submission.score == 0
        assert not submission.passed


def test_the_countdown_starts_from_the_time_left(client, learner, quiz):
    homework = quiz[0]
    Homework.objects.filter(pk=homework.pk).update(time_limit_minutes=20)
    submission = services.start_attempt(learner, homework)
    Submission.objects.filter(pk=submission.pk).update(
        started_at=timezone.now() - timedelta(minutes=5)
    )
    client.force_login(learner)
    page = client.get(url("take", submission_id=submission.pk)).content.decode()
    seconds = int(page.split('data-seconds-left="')[1].split('"')[0])
    assert 14 * 60 < seconds <= 15 * 60
    assert "<script>" not in page  # no inline script (CSP)


def test_discarding_an_attempt(client, learner, quiz):
    homework = quiz[0]
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    response = client.post(url("discard", submission_id=submission.pk))
    assert response["Location"] == url("detail", homework_id=homework.pk)
    assert not Submission.objects.filter(pk=submission.pk).exists()


def test_no_attempts_left_and_closed_homework(client, learner, quiz):
    homework = quiz[0]
    client.force_login(learner)
    Homework.objects.filter(pk=homework.pk).update(
        due_at=timezone.now() - timedelta(days=1), late_policy=Homework.LatePolicy.REFUSE
    )
    page = client.get(url("detail", homework_id=homework.pk)).content.decode()
    assert 'data-testid="blocked"' in page
    assert 'data-testid="start"' not in page
    client.post(url("start", homework_id=homework.pk))
    assert not Submission.objects.exists()


# ---------------------------------------------------------------------------------------------
# Correct answers and sanitising


@pytest.mark.parametrize("allowed", [False, True])
def test_correct_answers_only_when_the_homework_shows_them(client, learner, teacher, quiz, allowed):
    homework, (single, single_choices), _multi, number = quiz
    Homework.objects.filter(pk=homework.pk).update(show_correct_answers=allowed)
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {single.pk: single_choices[1].pk, number.pk: "3"})
    client.force_login(learner)
    in_progress = client.get(url("submission", submission_id=submission.pk)).content.decode()
    assert 'data-testid="correct"' not in in_progress  # never before handing in
    services.submit(submission)
    result = client.get(url("submission", submission_id=submission.pk)).content.decode()
    assert ('data-testid="correct"' in result) is allowed
    assert (escape(gettext("Correct answer:")) in result) is allowed
    # The teacher always sees the key.
    client.force_login(teacher)
    teacher_view = client.get(url("submission", submission_id=submission.pk)).content.decode()
    assert 'data-testid="correct"' in teacher_view


HOSTILE = (
    '<p>Сколько будет <b>2+2</b>?</p><script>alert("xss-script")</script>'
    '<img src="x.png" onerror="alert(1)"><a href="javascript:alert(2)" onclick="evil()">ссылка</a>'
    '<iframe src="https://evil.example/"></iframe><style>body{display:none}</style>'
)


def test_question_html_is_sanitised_everywhere(client, learner, teacher, homework):
    QuestionFactory(homework=homework, text=HOSTILE, type=Question.Type.TEXT)
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    pages = [client.get(url("take", submission_id=submission.pk)).content.decode()]
    services.submit(submission)
    pages.append(client.get(url("submission", submission_id=submission.pk)).content.decode())
    client.force_login(teacher)
    pages.append(client.get(url("preview", homework_id=homework.pk)).content.decode())
    pages.append(client.get(url("grade", submission_id=submission.pk)).content.decode())
    for html in pages:
        assert "<b>2+2</b>" in html  # allowed formatting stays HTML
        assert "xss-script" not in html
        assert "onerror" not in html
        assert "onclick" not in html
        assert "javascript:" not in html
        assert "evil.example" not in html
        assert "display:none" not in html
        assert '<img src="x.png"/>' in html


def test_choice_text_is_escaped(client, learner, homework):
    question = QuestionFactory(homework=homework, type=Question.Type.SINGLE_CHOICE)
    ChoiceFactory(question=question, text="<script>alert('choice')</script>", is_correct=True)
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    html = client.get(url("take", submission_id=submission.pk)).content.decode()
    assert "<script>alert('choice')" not in html
    assert "&lt;script&gt;" in html


# ---------------------------------------------------------------------------------------------
# Preview


def test_preview_is_read_only_with_a_banner(client, teacher, quiz):
    homework = quiz[0]
    client.force_login(teacher)
    html = client.get(url("preview", homework_id=homework.pk)).content.decode()
    assert 'data-testid="preview-banner"' in html
    assert html.count('data-testid="question"') == 3
    assert "<form" not in html.split('data-testid="preview-banner"')[1].split("</main>")[0]
    assert "disabled" in html
    assert not Submission.objects.exists()


# ---------------------------------------------------------------------------------------------
# Grading through the screen


def test_grading_through_the_screen(
    client, teacher, learner, handed_in, essay, django_capture_on_commit_callbacks, mailoutbox
):
    _homework, choice, choices, text = essay
    client.force_login(teacher)
    screen = client.get(url("grade", submission_id=handed_in.pk)).content.decode()
    assert "Моё сочинение" in screen
    assert screen.count('data-testid="chosen"') == 1
    assert 'data-testid="correct"' in screen
    assert f'name="points_{text.pk}"' in screen
    assert 'max="2"' in screen or 'max="2.00"' in screen

    queue = url("review-queue") + "?status=needs_review"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("grade", submission_id=handed_in.pk),
            {
                f"points_{choice.pk}": "1",
                f"points_{text.pk}": "1.5",
                f"feedback_{text.pk}": "Раскройте вторую мысль",
                "comment": "Хорошо",
                "next": queue,
                "action": "grade",
            },
        )
    assert response["Location"] == queue
    handed_in.refresh_from_db()
    assert handed_in.status == Status.GRADED
    assert (handed_in.score, handed_in.grade, handed_in.passed) == (
        Decimal("2.50"),
        Decimal("83.33"),
        True,
    )
    assert handed_in.teacher_comment == "Хорошо"
    assert Answer.objects.get(submission=handed_in, question=text).feedback == (
        "Раскройте вторую мысль"
    )
    assert Notification.objects.filter(user=learner, kind="homework").count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [learner.email]
    # The success message is shown on the queue.
    assert client.get(queue).context["messages"]

    # The student sees the points, the feedback and the comment.
    client.force_login(learner)
    result = client.get(url("submission", submission_id=handed_in.pk)).content.decode()
    assert "Раскройте вторую мысль" in result
    assert 'data-testid="teacher-comment"' in result
    assert "83.33%" in result or "83,33%" in result


def test_returning_for_rework(
    client, teacher, learner, handed_in, django_capture_on_commit_callbacks
):
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("grade", submission_id=handed_in.pk),
            {"comment": "Перепишите второй ответ", "action": "return"},
        )
    assert response["Location"] == url("review-queue")
    handed_in.refresh_from_db()
    assert handed_in.status == Status.RETURNED
    assert Notification.objects.filter(user=learner).count() == 1
    # The student may start a new attempt.
    client.force_login(learner)
    page = client.get(url("detail", homework_id=handed_in.homework_id)).content.decode()
    assert 'data-testid="start"' in page


def test_grading_errors_stay_on_the_form(
    client, teacher, learner, handed_in, essay, django_capture_on_commit_callbacks, mailoutbox
):
    text = essay[3]
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        missing = client.post(
            url("grade", submission_id=handed_in.pk),
            {f"feedback_{text.pk}": "Без баллов", "comment": "", "action": "grade"},
        )
        too_many = client.post(
            url("grade", submission_id=handed_in.pk),
            {f"points_{text.pk}": "5", "comment": "", "action": "grade"},
        )
    assert missing.status_code == 200
    assert 'data-testid="form-errors"' in missing.content.decode()
    assert too_many.status_code == 200
    assert "has-error" in too_many.content.decode()
    handed_in.refresh_from_db()
    assert handed_in.status == Status.NEEDS_REVIEW
    # Nothing half-written: the feedback of the refused grading is not stored.
    assert Answer.objects.get(submission=handed_in, question=text).feedback == ""
    assert not Notification.objects.filter(user=learner).exists()
    assert mailoutbox == []


def test_an_attempt_in_progress_cannot_be_graded(client, teacher, learner, quiz):
    submission = services.start_attempt(learner, quiz[0])
    client.force_login(teacher)
    screen = client.get(url("grade", submission_id=submission.pk)).content.decode()
    assert 'data-testid="not-ready"' in screen
    client.post(url("grade", submission_id=submission.pk), {"action": "grade"})
    submission.refresh_from_db()
    assert submission.status == Status.IN_PROGRESS


def test_unsafe_next_is_ignored(client, teacher, handed_in, essay):
    client.force_login(teacher)
    response = client.post(
        url("grade", submission_id=handed_in.pk),
        {f"points_{essay[3].pk}": "2", "next": "https://evil.example/", "action": "grade"},
    )
    assert response["Location"] == url("review-queue")


# ---------------------------------------------------------------------------------------------
# Query counts


def test_homework_page_queries_are_fixed(client, learner, homework, django_assert_max_num_queries):
    homework.max_attempts = 0
    homework.save()
    for _ in range(30):
        choice_question(homework, True, False)
    for _ in range(25):
        submission = services.start_attempt(learner, homework)
        services.submit(submission)
    for n in range(20):
        top = comment_services.add_comment(learner, homework, f"Вопрос {n}")
        comment_services.add_comment(learner, homework, f"Уточнение {n}", parent=top)
    client.force_login(learner)
    # About 15 of these are the site's header, footer (with its texts in this language) and
    # session, 8 the comment thread; 30 questions, 25 attempts and 20 threads would add dozens
    # with an N+1.
    with django_assert_max_num_queries(35):
        response = client.get(url("detail", homework_id=homework.pk))
    body = response.content.decode()
    assert body.count("<tr>") == 26  # the header and 25 attempts
    assert "Вопрос 19" in body and "Уточнение 19" in body


def test_grading_screen_queries_are_fixed(
    client, learner, teacher, homework, django_assert_max_num_queries
):
    questions = [choice_question(homework, True, False, False) for _ in range(30)]
    questions += [(QuestionFactory(homework=homework, type=Question.Type.TEXT), [])] * 1
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {q.pk: choices[0].pk for q, choices in questions if choices})
    services.submit(submission)
    client.force_login(teacher)
    # With Wagtail's userbar: a teacher is in the admin (their admin profile, permissions).
    with django_assert_max_num_queries(26):
        response = client.get(url("grade", submission_id=submission.pk))
    assert response.content.decode().count('data-testid="question"') == 31
    with django_assert_max_num_queries(26):
        result = client.get(url("submission", submission_id=submission.pk))
    assert result.content.decode().count('data-testid="question"') == 31


def test_attempt_form_queries_are_fixed(client, learner, homework, django_assert_max_num_queries):
    for _ in range(30):
        choice_question(homework, True, False, False, multi=True)
    submission = services.start_attempt(learner, homework)
    client.force_login(learner)
    with django_assert_max_num_queries(22):
        response = client.get(url("take", submission_id=submission.pk))
    assert response.content.decode().count('data-testid="question"') == 30


# ---------------------------------------------------------------------------------------------
# The lesson page and the cabinet


def test_lesson_page_lists_its_homework(client, course, lesson, learner, teacher):
    other = HomeworkFactory(lesson=LessonPageFactory(parent=course), owner=teacher)
    client.force_login(learner)
    client.get(lesson.url)  # the first visit records progress
    client.get(lesson.url)  # the second keeps it (core.personal)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(lesson.url)
        return len(captured), response.content.decode()

    HomeworkFactory(lesson=lesson, owner=teacher, title="Задание 00")
    one, _html = queries()
    for number in range(1, 25):
        HomeworkFactory(lesson=lesson, owner=teacher, title=f"Задание {number:02d}")
    many, html = queries()
    assert many == one  # one query for the list, however long
    kept, again = queries()
    assert kept == many - 1  # kept until homework changes
    assert again.count('href="/ru/homework/') == 25
    assert 'data-testid="lesson-homework"' in html
    assert html.count('href="/ru/homework/') == 25
    assert html.index("Задание 00") < html.index("Задание 24")  # in the order they were made
    assert url("detail", homework_id=other.pk) not in html


def test_lesson_page_tells_visitors_to_enrol(client, course, teacher):
    lesson = LessonPageFactory(parent=course, is_free=True)
    HomeworkFactory(lesson=lesson, owner=teacher, title="Задание для учеников")
    stranger = StudentFactory()
    client.force_login(stranger)
    html = client.get(lesson.url).content.decode()
    assert "Задание для учеников" in html
    assert 'class="notice"' in html.split('data-testid="lesson-homework"')[1]
    client.logout()
    html = client.get(lesson.url).content.decode()
    assert "Задание для учеников" in html
    assert reverse("account_login") in html.split('data-testid="lesson-homework"')[1]


def test_cabinet_links_the_review_queue_for_teachers(client, teacher, learner):
    queue = url("review-queue")
    client.force_login(teacher)
    assert queue in client.get(reverse("cabinet:home")).content.decode()
    client.force_login(learner)
    assert queue not in client.get(reverse("cabinet:home")).content.decode()


def test_english_pages_render(client, learner, quiz):
    homework = quiz[0]
    client.force_login(learner)
    with translation.override("en"):
        response = client.get(url("detail", homework_id=homework.pk))
    assert response.status_code == 200
    assert "Start" in response.content.decode()


@pytest.mark.parametrize(
    ("description", "shown", "hidden"),
    [
        ("Решите задачи.\nСдайте до пятницы: a < b", ["Сдайте до пятницы: a &lt; b", "<br>"], []),
        (
            '<p>Читайте <a href="https://example.com/x" onmouseover="x()">главу</a></p>'
            "<script>alert('desc')</script>",
            ['<a href="https://example.com/x">главу</a>'],
            ["onmouseover", "alert('desc')"],
        ),
    ],
    ids=["plain-text", "html"],
)
def test_description_is_shown_safely(client, learner, homework, description, shown, hidden):
    Homework.objects.filter(pk=homework.pk).update(description=description)
    client.force_login(learner)
    html = client.get(url("detail", homework_id=homework.pk)).content.decode()
    block = html.split('data-testid="description">')[1].split("</div>")[0]
    for text in shown:
        assert text in block
    for text in hidden:
        assert text not in html
