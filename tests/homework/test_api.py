"""The homework API: assignments, submissions, grading, the review queue, the schema."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import patched_settings, spectacular_settings
from PIL import Image

from accounts.models import Notification
from learning.homework import services
from learning.homework.models import Answer, Choice, Homework, Question, Submission

from ..courses.factories import CoursePageFactory, LessonPageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory
from .conftest import choice_question, number_question
from .factories import HomeworkFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Status = Submission.Status
# What settings must name (see the report): the schema then builds without warnings.
ENUM_OVERRIDES = {
    "SubmissionStatusEnum": "learning.homework.models.Submission.Status",
    "HomeworkKindEnum": "learning.homework.models.Homework.Kind",
}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(buffer, "PNG")
    return buffer.getvalue()


def keys_in(data) -> set[str]:
    """Every key anywhere in a JSON document."""
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in keys_in(value)}
    if isinstance(data, list):
        return {key for value in data for key in keys_in(value)}
    return set()


@pytest.fixture
def quiz(homework):
    """The course homework: a single-choice (1 point) and a number question (2 points)."""
    homework.show_correct_answers = False
    homework.save()
    choice, choices = choice_question(homework, True, False)
    number = number_question(homework, correct="9.8", tolerance="0.1", points="2")
    return homework, choice, choices, number


@pytest.fixture
def people(teacher, learner, admin_user):
    return {
        "student": learner,
        "other_student": StudentFactory(verified=True),
        "teacher": teacher,
        "other_teacher": TeacherFactory(verified=True),
        "staff": admin_user,
        "anonymous": None,
    }


@pytest.fixture
def urls(course, lesson, quiz):
    homework = quiz[0]
    base = f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/"
    return {
        "list": base,
        "detail": f"{base}{homework.pk}/",
        "flat": f"/api/assignments/{homework.pk}/",
        "submissions": f"{base}{homework.pk}/submissions/",
        "flat_submissions": f"/api/assignments/{homework.pk}/submissions/",
    }


def as_(client, user):
    client.force_authenticate(user)
    return client


def new_assignment_payload(**extra):
    return {
        "title": "Контрольная",
        "kind": "test",
        "max_attempts": 2,
        "questions": [
            {
                "text": "2 + 2?",
                "type": "single",
                "points": "1",
                "choices": [{"text": "4", "is_correct": True}, {"text": "5"}],
            },
            {"text": "g?", "type": "number", "points": "2", "correct_number": "9.8"},
        ],
        **extra,
    }


# ---------------------------------------------------------------------------------------------
# Who may do what


def _handed_in(homework, student):
    submission = services.start_attempt(student, homework)
    return services.submit(submission)


MATRIX = {
    # endpoint: (student, other student, teacher, other teacher, staff, anonymous)
    "assignments.list": (200, 403, 200, 403, 200, 401),
    "assignments.create": (403, 403, 201, 403, 201, 401),
    "assignment.read": (200, 403, 200, 403, 200, 401),
    "assignment.read_flat": (200, 403, 200, 403, 200, 401),
    "assignment.update": (403, 403, 200, 403, 200, 401),
    "assignment.delete": (403, 403, 204, 403, 204, 401),
    "submissions.list": (200, 403, 200, 403, 200, 401),
    "submissions.start": (201, 403, 403, 403, 403, 401),
    "submission.read": (200, 403, 200, 403, 200, 401),
    "submission.read_flat": (200, 403, 200, 403, 200, 401),
    "submission.answer": (200, 403, 403, 403, 403, 401),
    "submission.grade": (403, 403, 200, 403, 200, 401),
    "submission.discard": (204, 403, 403, 403, 403, 401),
    "submission.file": (200, 403, 200, 403, 200, 401),
    "review_queue": (403, 403, 200, 200, 200, 401),
}
ROLES = ("student", "other_student", "teacher", "other_teacher", "staff", "anonymous")


@pytest.mark.parametrize("endpoint", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    api_client, people, urls, quiz, learner, endpoint, role, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    homework, choice, choices, number = quiz
    person = people[role]
    if person is not None:
        api_client.force_authenticate(person)
    running = services.start_attempt(learner, homework)
    sub_url = f"{urls['submissions']}{running.pk}/"
    if endpoint == "assignments.list":
        response = api_client.get(urls["list"])
    elif endpoint == "assignments.create":
        response = api_client.post(urls["list"], new_assignment_payload(), format="json")
    elif endpoint == "assignment.read":
        response = api_client.get(urls["detail"])
    elif endpoint == "assignment.read_flat":
        response = api_client.get(urls["flat"])
    elif endpoint == "assignment.update":
        response = api_client.patch(urls["detail"], {"title": "Новое"}, format="json")
    elif endpoint == "assignment.delete":
        response = api_client.delete(urls["detail"])
    elif endpoint == "submissions.list":
        response = api_client.get(urls["submissions"])
    elif endpoint == "submissions.start":
        running.delete()
        response = api_client.post(urls["submissions"])
    elif endpoint == "submission.read":
        response = api_client.get(sub_url)
    elif endpoint == "submission.read_flat":
        response = api_client.get(f"/api/submissions/{running.pk}/")
    elif endpoint == "submission.answer":
        payload = {"answers": [{"question": choice.pk, "choices": [choices[0].pk]}]}
        response = api_client.patch(sub_url, payload, format="json")
    elif endpoint == "submission.grade":
        handed_in = services.submit(running)
        payload = {"teacher_comment": "Хорошо", "status": "graded"}
        response = api_client.patch(f"/api/submissions/{handed_in.pk}/", payload, format="json")
    elif endpoint == "submission.discard":
        response = api_client.delete(sub_url)
    elif endpoint == "submission.file":
        upload = QuestionFactory(homework=homework, type=Question.Type.FILE)
        services.save_answers(running, {upload.pk: SimpleUploadedFile("a.png", png_bytes())})
        response = api_client.get(f"/api/submissions/{running.pk}/files/{upload.pk}/")
    else:
        response = api_client.get("/api/homework/review-queue/")
    expected = MATRIX[endpoint][ROLES.index(role)]
    assert response.status_code == expected, (endpoint, role, response.content[:300])
    if expected >= 400:
        assert "detail" in response.json()


def test_mismatched_ids_are_404(api_client, teacher, course, lesson, quiz, learner, catalog):
    homework = quiz[0]
    other_course = CoursePageFactory(parent=catalog, teacher=teacher)
    other_lesson = LessonPageFactory(parent=other_course)
    same_course_lesson = LessonPageFactory(parent=course)
    submission = services.start_attempt(learner, homework)
    other_homework = HomeworkFactory(lesson=same_course_lesson, owner=teacher)
    as_(api_client, teacher)
    bad = [
        f"/api/courses/{other_course.pk}/lessons/{lesson.pk}/assignments/",
        f"/api/courses/{course.pk}/lessons/{other_lesson.pk}/assignments/",
        f"/api/courses/{course.pk}/lessons/{same_course_lesson.pk}/assignments/{homework.pk}/",
        f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/{other_homework.pk}/",
        f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/{homework.pk}/submissions/"
        f"{submission.pk + 1000}/",
        f"/api/assignments/{other_homework.pk}/submissions/{submission.pk}/",
        f"/api/courses/{lesson.pk}/lessons/{lesson.pk}/assignments/",
    ]
    for url in bad:
        assert api_client.get(url).status_code == 404, url
    good = f"/api/courses/{course.pk}/lessons/{lesson.pk}/assignments/{homework.pk}/"
    assert api_client.get(good).status_code == 200


# ---------------------------------------------------------------------------------------------
# The student's side


def test_student_flow_over_jwt(api_client, urls, quiz, learner, password):
    homework, choice, choices, number = quiz
    tokens = api_client.post(
        "/api/auth/token/", {"email": learner.email, "password": password}
    ).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    started = api_client.post(urls["submissions"])
    assert started.status_code == 201
    attempt = started.json()
    assert attempt["status"] == "in_progress" and attempt["answers"] == []
    again = api_client.post(urls["submissions"])
    assert again.status_code == 200 and again.json()["id"] == attempt["id"]

    url = f"{urls['submissions']}{attempt['id']}/"
    saved = api_client.patch(
        url,
        {
            "answers": [
                {"question": choice.pk, "choices": [choices[1].pk]},
                {"question": number.pk, "number": "9.85"},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["status"] == "in_progress"
    assert {a["question"]: a["choices"] for a in body["answers"]}[choice.pk] == [choices[1].pk]
    # Changing one's mind before handing in, and handing in in the same request.
    submitted = api_client.patch(
        url,
        {"answers": [{"question": choice.pk, "choices": [choices[0].pk]}], "submit": True},
        format="json",
    )
    assert submitted.status_code == 200, submitted.content
    result = submitted.json()
    assert result["status"] == "auto_graded"
    assert (result["score"], result["grade"], result["passed"]) == ("3.00", "100.00", True)
    assert result["max_score"] == "3.00"
    assert {a["question"]: a["points"] for a in result["answers"]} == {
        choice.pk: "1.00",
        number.pk: "2.00",
    }
    assert result["correct_answers"] is None  # the homework does not show them

    # A handed-in attempt is no longer the student's to change or discard.
    late_change = api_client.patch(url, {"answers": [{"question": number.pk, "number": 1}]})
    assert late_change.status_code == 409
    assert api_client.delete(url).status_code == 409
    assert Answer.objects.get(question=number).number == Decimal("9.85")


def test_a_refused_file_names_its_question_and_the_other_answers_stay(
    api_client, homework, learner, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    essay = QuestionFactory(homework=homework, type=Question.Type.TEXT, order=1)
    upload = QuestionFactory(homework=homework, type=Question.Type.FILE, order=2)
    submission = services.start_attempt(learner, homework)
    as_(api_client, learner)
    url = f"/api/submissions/{submission.pk}/"
    response = api_client.patch(
        url,
        {
            f"answers[{essay.pk}]": "Моё сочинение",
            f"answers[{upload.pk}]": SimpleUploadedFile(
                "homework.pdf", b"MZ\x90\x00\x03\x00\x00\x00program", "application/pdf"
            ),
            "submit": "true",
        },
        format="multipart",
    )
    assert response.status_code == 400
    errors = response.json()["answers"]
    assert list(errors) == [str(upload.pk)]
    assert errors[str(upload.pk)][0].startswith(_("Question %(number)s") % {"number": 2})
    submission.refresh_from_db()
    assert submission.status == Status.IN_PROGRESS  # not handed in
    assert Answer.objects.get(submission=submission, question=essay).text == "Моё сочинение"
    assert not Answer.objects.filter(submission=submission, question=upload).exclude(file="")

    # A real image is taken, stored under its real kind and downloadable as an attachment.
    ok = api_client.patch(
        url, {f"answers[{upload.pk}]": SimpleUploadedFile("x.pdf", png_bytes())}, format="multipart"
    )
    assert ok.status_code == 200, ok.content
    link = {a["question"]: a["file"] for a in ok.json()["answers"]}[upload.pk]
    assert link.endswith(f"/api/submissions/{submission.pk}/files/{upload.pk}/")
    download = api_client.get(link)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Disposition"].endswith('.png"')
    assert b"".join(download.streaming_content) == png_bytes()

    # JSON cannot carry a file; a file cannot answer a text question.
    as_json = api_client.patch(
        url, {"answers": [{"question": upload.pk, "text": "file.pdf"}]}, format="json"
    )
    assert as_json.status_code == 400 and str(upload.pk) in as_json.json()["answers"]
    misplaced = api_client.patch(
        url, {f"answers[{essay.pk}]": SimpleUploadedFile("a.png", png_bytes())}, format="multipart"
    )
    assert misplaced.status_code == 400 and str(essay.pk) in misplaced.json()["answers"]
    assert Answer.objects.get(submission=submission, question=essay).text == "Моё сочинение"


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"question": 1}, "answers"),
        ({"question": 1, "text": "a", "number": 2}, "answers"),
        ({"question": 1, "number": "abc"}, "answers"),
    ],
)
def test_malformed_answers_are_400(api_client, quiz, learner, item, field):
    submission = services.start_attempt(learner, quiz[0])
    response = as_(api_client, learner).patch(
        f"/api/submissions/{submission.pk}/", {"answers": [item]}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_attempts_limit(api_client, urls, quiz, learner):
    homework = quiz[0]
    homework.max_attempts = 2
    homework.save()
    as_(api_client, learner)
    for _attempt in range(2):
        started = api_client.post(urls["submissions"])
        assert started.status_code == 201
        url = f"/api/submissions/{started.json()['id']}/"
        assert api_client.patch(url, {"submit": True}, format="json").status_code == 200
    refused = api_client.post(urls["submissions"])
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == [_("You have used all your attempts.")]
    assert Submission.objects.filter(student=learner).count() == 2
    mine = api_client.get(urls["submissions"]).json()
    assert [s["attempt"] for s in mine["results"]] == [2, 1]
    listed = api_client.get(urls["detail"]).json()
    assert listed["attempts_used"] == 2 and listed["max_attempts"] == 2


def test_late_work_refused_is_409_and_closes_the_attempt(api_client, quiz, learner):
    homework = quiz[0]
    homework.late_policy = Homework.LatePolicy.REFUSE
    homework.time_limit_minutes = 10
    homework.save()
    submission = services.start_attempt(learner, homework)
    Submission.objects.filter(pk=submission.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    response = as_(api_client, learner).patch(
        f"/api/submissions/{submission.pk}/", {"submit": True}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"] == _("Time is up: this homework does not accept late work.")
    submission.refresh_from_db()
    assert (submission.status, submission.score) == (Status.SUBMITTED, Decimal("0"))


def test_discarding_an_attempt(api_client, urls, quiz, learner):
    submission = services.start_attempt(learner, quiz[0])
    as_(api_client, learner)
    assert api_client.delete(f"{urls['submissions']}{submission.pk}/").status_code == 204
    assert not Submission.objects.filter(pk=submission.pk).exists()


# ---------------------------------------------------------------------------------------------
# The answer key


def test_students_never_see_the_answer_key_in_the_homework(
    api_client, urls, quiz, learner, teacher
):
    hidden = {"is_correct", "correct_number", "tolerance"}
    for url in (urls["list"], urls["detail"], urls["flat"]):
        body = as_(api_client, learner).get(url).json()
        assert "questions" in keys_in(body) and "choices" in keys_in(body)
        assert not hidden & keys_in(body), url
        assert hidden <= keys_in(as_(api_client, teacher).get(url).json()), url


@pytest.mark.parametrize("show", [False, True])
def test_correct_answers_after_submission_only_when_the_homework_shows_them(
    api_client, quiz, learner, teacher, show
):
    homework, choice, choices, number = quiz
    homework.show_correct_answers = show
    homework.save()
    submission = services.start_attempt(learner, homework)
    url = f"/api/submissions/{submission.pk}/"
    assert as_(api_client, learner).get(url).json()["correct_answers"] is None
    assert as_(api_client, teacher).get(url).json()["correct_answers"] is not None
    services.submit(submission)
    shown = as_(api_client, learner).get(url).json()["correct_answers"]
    if not show:
        assert shown is None
        return
    by_question = {item["question"]: item for item in shown}
    assert by_question[choice.pk]["choices"] == [choices[0].pk]
    assert Decimal(by_question[number.pk]["number"]) == Decimal("9.8")


# ---------------------------------------------------------------------------------------------
# The teacher's side


@pytest.fixture
def essay_submitted(homework, learner):
    choice, choices = choice_question(homework, True, False)
    essay = QuestionFactory(homework=homework, type=Question.Type.TEXT, points=Decimal("2"))
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {choice.pk: choices[0].pk, essay.pk: "Текст"})
    return services.submit(submission), essay


def test_teacher_grades_with_patch_and_the_student_is_notified_once(
    api_client, essay_submitted, teacher, learner
):
    submission, essay = essay_submitted
    assert submission.status == Status.NEEDS_REVIEW
    url = f"/api/submissions/{submission.pk}/"
    as_(api_client, teacher)
    unfinished = api_client.patch(url, {"status": "graded"}, format="json")
    assert unfinished.status_code == 400 and "answers" in unfinished.json()

    graded = api_client.patch(
        url,
        {
            "answers": [{"question": essay.pk, "points": "1.5", "feedback": "Неплохо"}],
            "teacher_comment": "Доработайте вывод",
            "status": "graded",
        },
        format="json",
    )
    assert graded.status_code == 200, graded.content
    body = graded.json()
    assert body["status"] == "graded" and body["teacher_comment"] == "Доработайте вывод"
    assert (body["score"], body["grade"]) == ("2.50", "83.33")
    assert {a["question"]: (a["points"], a["feedback"]) for a in body["answers"]}[essay.pk] == (
        "1.50",
        "Неплохо",
    )
    assert Notification.objects.filter(user=learner, kind="homework").count() == 1

    # The student sees the points and the feedback.
    seen = as_(api_client, learner).get(url).json()
    assert {a["question"]: a["feedback"] for a in seen["answers"]}[essay.pk] == "Неплохо"
    assert seen["graded_at"] and seen["score"] == "2.50"


def test_returning_for_rework_frees_an_attempt(api_client, essay_submitted, teacher, learner):
    submission, essay = essay_submitted
    response = as_(api_client, teacher).patch(
        f"/api/submissions/{submission.pk}/",
        {"status": "returned", "teacher_comment": "Переделайте"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"
    assert Notification.objects.filter(user=learner).count() == 1
    started = as_(api_client, learner).post(
        f"/api/assignments/{submission.homework_id}/submissions/"
    )
    assert started.status_code == 201 and started.json()["attempt"] == 2


def test_teachers_do_not_answer_and_students_do_not_grade(
    api_client, essay_submitted, teacher, learner, homework
):
    submission, essay = essay_submitted
    url = f"/api/submissions/{submission.pk}/"
    as_(api_client, teacher)
    for payload in (
        {"answers": [{"question": essay.pk, "text": "Лучше"}]},
        {"submit": True},
    ):
        assert api_client.patch(url, payload, format="json").status_code == 403
    as_(api_client, learner)
    for payload in (
        {"status": "graded"},
        {"teacher_comment": "Отлично"},
        {"answers": [{"question": essay.pk, "points": "2"}]},
    ):
        assert api_client.patch(url, payload, format="json").status_code == 403
    submission.refresh_from_db()
    assert submission.status == Status.NEEDS_REVIEW
    assert Answer.objects.get(submission=submission, question=essay).text == "Текст"


def test_grading_an_attempt_in_progress_is_409(api_client, quiz, learner, teacher):
    submission = services.start_attempt(learner, quiz[0])
    response = as_(api_client, teacher).patch(
        f"/api/submissions/{submission.pk}/", {"status": "graded"}, format="json"
    )
    assert response.status_code == 409


def test_teacher_lists_all_submissions_in_fixed_queries(
    api_client, homework, teacher, django_assert_max_num_queries
):
    QuestionFactory(homework=homework)
    students = StudentFactory.create_batch(3)
    now = timezone.now()
    Submission.objects.bulk_create(
        Submission(
            student=students[n % 3],
            homework=homework,
            attempt=n,
            started_at=now - timedelta(minutes=n),
            submitted_at=now,
            status=Status.NEEDS_REVIEW,
        )
        for n in range(1, 26)
    )
    as_(api_client, teacher)
    with django_assert_max_num_queries(5):
        body = api_client.get(f"/api/assignments/{homework.pk}/submissions/?page_size=50").json()
    assert body["count"] == 25 and len(body["results"]) == 25


# ---------------------------------------------------------------------------------------------
# The review queue


def test_review_queue_lists_the_teachers_work_oldest_first(
    api_client, homework, teacher, course, catalog, django_assert_max_num_queries
):
    other_homework = HomeworkFactory(
        lesson=LessonPageFactory(parent=CoursePageFactory(parent=catalog))
    )
    second = HomeworkFactory(lesson=homework.lesson, owner=teacher)
    students = StudentFactory.create_batch(5)
    start = timezone.now() - timedelta(days=10)
    rows = []
    for n in range(60):
        target = (homework, second, other_homework)[n % 3]
        rows.append(
            Submission(
                student=students[n % 5],
                homework=target,
                attempt=n + 1,
                started_at=start,
                # Created out of order: the queue sorts by the time of handing in.
                submitted_at=start + timedelta(minutes=(n * 37) % 60),
                status=Status.GRADED if n % 10 == 0 else Status.NEEDS_REVIEW,
            )
        )
    Submission.objects.bulk_create(rows)
    mine = [s for s in rows if s.homework_id != other_homework.pk]
    waiting = [s for s in mine if s.status == Status.NEEDS_REVIEW]

    as_(api_client, teacher)
    with django_assert_max_num_queries(4):
        response = api_client.get("/api/homework/review-queue/", {"page_size": 100})
    body = response.json()
    assert body["count"] == len(waiting) >= 30
    times = [item["submitted_at"] for item in body["results"]]
    assert times == sorted(times)
    assert {item["assignment"] for item in body["results"]} == {homework.pk, second.pk}
    first = body["results"][0]
    assert first["course"] == course.pk and first["course_title"] == course.title
    assert first["lesson"] == homework.lesson_id and first["student"]["name"]

    paged = api_client.get("/api/homework/review-queue/").json()
    assert len(paged["results"]) == 20 and paged["next"]
    only = api_client.get("/api/homework/review-queue/", {"assignment": second.pk}).json()
    assert {item["assignment"] for item in only["results"]} == {second.pk}
    graded = api_client.get("/api/homework/review-queue/", {"status": "graded"}).json()
    assert graded["count"] == len([s for s in mine if s.status == Status.GRADED])
    by_course = api_client.get("/api/homework/review-queue/", {"course": course.pk}).json()
    assert by_course["count"] == len(waiting)
    for params, field in (({"status": "nope"}, "status"), ({"course": 999999}, "course")):
        bad = api_client.get("/api/homework/review-queue/", params)
        assert bad.status_code == 400 and field in bad.json()

    everything = as_(api_client, AdminFactory()).get(
        "/api/homework/review-queue/", {"page_size": 100}
    )
    assert everything.json()["count"] == len([s for s in rows if s.status == Status.NEEDS_REVIEW])


# ---------------------------------------------------------------------------------------------
# Building homework


def test_teacher_creates_an_assignment_with_questions(api_client, urls, teacher, lesson, course):
    response = as_(api_client, teacher).post(
        urls["list"], new_assignment_payload(show_correct_answers=True), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    homework = Homework.objects.get(pk=body["id"])
    assert (homework.lesson_id, homework.course_id, homework.owner) == (
        lesson.pk,
        course.pk,
        teacher,
    )
    assert body["owner"]["id"] == str(teacher.public_id)
    questions = list(homework.questions.all())
    assert [(q.type, q.order) for q in questions] == [("single", 1), ("number", 2)]
    assert [(c.text, c.is_correct) for c in questions[0].choices.all()] == [
        ("4", True),
        ("5", False),
    ]
    assert body["questions"][0]["choices"][0]["is_correct"] is True
    assert services.validate_homework(homework) == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"questions": [{"text": "?", "type": "single", "choices": [{"text": "a"}]}]},
            "questions",
            _("Question %(number)s: mark at least one choice as correct.") % {"number": 1},
        ),
        (
            {"questions": [{"text": "?", "type": "number"}]},
            "questions",
            _("Question %(number)s: enter the correct number.") % {"number": 1},
        ),
        ({"questions": []}, "questions", _("The homework has no questions.")),
        (
            {"questions": [{"text": "?", "type": "text", "choices": [{"text": "a"}]}]},
            "questions",
            None,
        ),
        ({"pass_mark": 150}, "pass_mark", None),
        ({"kind": "exam"}, "kind", None),
    ],
)
def test_an_invalid_assignment_is_400_and_nothing_is_saved(
    api_client, urls, teacher, change, field, message
):
    before = (Homework.objects.count(), Question.objects.count(), Choice.objects.count())
    response = as_(api_client, teacher).post(
        urls["list"], {**new_assignment_payload(), **change}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    if message:
        assert message in body[field]
    assert (Homework.objects.count(), Question.objects.count(), Choice.objects.count()) == before


def test_a_final_test_is_one_per_course(api_client, urls, teacher, homework):
    homework.is_final_test = True
    homework.save()
    response = as_(api_client, teacher).post(
        urls["list"], new_assignment_payload(is_final_test=True), format="json"
    )
    assert response.status_code == 400 and "is_final_test" in response.json()


def test_editing_questions_regrades_and_keeps_answered_ones(
    api_client, urls, quiz, learner, teacher
):
    homework, choice, choices, number = quiz
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {choice.pk: choices[1].pk, number.pk: "9.8"})
    submission = services.submit(submission)
    assert submission.score == Decimal("2.00")
    as_(api_client, teacher)
    current = api_client.get(urls["detail"]).json()["questions"]

    # The second choice was the right one after all: the handed-in work is regraded.
    fixed = [dict(q) for q in current]
    fixed[0]["choices"] = [
        {**current[0]["choices"][0], "is_correct": False},
        {**current[0]["choices"][1], "is_correct": True},
    ]
    response = api_client.patch(urls["detail"], {"questions": fixed}, format="json")
    assert response.status_code == 200, response.content
    submission.refresh_from_db()
    assert (submission.score, submission.passed) == (Decimal("3.00"), True)

    # An answered question cannot be dropped; a new one can be added.
    dropped = api_client.patch(urls["detail"], {"questions": fixed[:1]}, format="json")
    assert dropped.status_code == 400 and "questions" in dropped.json()
    assert homework.questions.count() == 2
    added = [*fixed, {"text": "Почему?", "type": "text", "points": "1"}]
    grown = api_client.patch(urls["detail"], {"questions": added, "title": "Новое"}, format="json")
    assert grown.status_code == 200, grown.content
    assert [q["type"] for q in grown.json()["questions"]] == ["single", "number", "text"]
    homework.refresh_from_db()
    assert homework.title == "Новое"
    stranger = dict(fixed[0], id=999999)
    unknown = api_client.patch(urls["detail"], {"questions": [stranger]}, format="json")
    assert unknown.status_code == 400 and "questions" in unknown.json()


def test_homework_with_handed_in_work_is_not_deleted(api_client, urls, quiz, learner, teacher):
    homework = quiz[0]
    _handed_in(homework, learner)
    response = as_(api_client, teacher).delete(urls["detail"])
    assert response.status_code == 409
    assert Homework.objects.filter(pk=homework.pk).exists()


def test_lessons_homework_list_in_fixed_queries(
    api_client, lesson, teacher, learner, urls, django_assert_max_num_queries
):
    for _n in range(21):
        extra = HomeworkFactory(lesson=lesson, owner=teacher)
        choice_question(extra, True, False)
        number_question(extra)
    for person in (learner, teacher):
        as_(api_client, person)
        with django_assert_max_num_queries(12):
            body = api_client.get(urls["list"], {"page_size": 50}).json()
        assert body["count"] == 22 and all(len(h["questions"]) == 2 for h in body["results"])


# ---------------------------------------------------------------------------------------------
# The schema


def test_schema_builds_without_warnings(client, tmp_path):
    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **ENUM_OVERRIDES}
    # Warnings and the overrides are remembered per process: start from a clean slate.
    _load_enum_name_overrides.cache_clear()
    GENERATOR_STATS.reset()
    try:
        with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
            call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    finally:
        _load_enum_name_overrides.cache_clear()
        GENERATOR_STATS.reset()
    schema = (tmp_path / "schema.yml").read_text()
    for path in (
        "/api/courses/{course_id}/lessons/{lesson_id}/assignments/{id}/:",
        "/api/assignments/{assignment_id}/submissions/{id}/:",
        "/api/submissions/{id}/files/{question_id}/:",
        "/api/homework/review-queue/:",
    ):
        assert path in schema
    assert "SubmissionStatusEnum" in schema and "GradeStatusEnum" in schema
    assert client.get("/api/schema/").status_code == 200
