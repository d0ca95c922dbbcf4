"""Who may take a homework, attempts, the in-progress rule, validation, uploaded files."""

import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from core.errors import NotAllowed
from learning.enrollment.models import Enrollment
from learning.homework import services
from learning.homework.errors import AttemptClosed, NoAttemptsLeft
from learning.homework.models import Answer, Homework, Question, Submission
from learning.homework.services import attempts

from ..factories import StudentFactory
from .conftest import choice_question, number_question
from .factories import ChoiceFactory, QuestionFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def test_homework_takes_its_course_from_the_lesson(homework, course):
    assert homework.course_id == course.pk


def test_only_enrolled_students_can_take_it(homework, learner, course, teacher):
    outsider = StudentFactory()
    refunded = StudentFactory()
    Enrollment.objects.create(user=refunded, course=course, source="free", status="refunded")
    assert services.can_take(learner, homework) is True
    assert services.can_take(outsider, homework) is False
    assert services.can_take(refunded, homework) is False
    with pytest.raises(NotAllowed):
        services.start_attempt(outsider, homework)


def test_start_returns_the_attempt_in_progress(learner, homework):
    first = services.start_attempt(learner, homework)
    assert services.start_attempt(learner, homework) == first
    assert Submission.objects.filter(student=learner, homework=homework).count() == 1


def test_attempt_limit_is_enforced(learner, homework):
    homework.max_attempts = 2
    homework.save()
    for number in (1, 2):
        submission = services.start_attempt(learner, homework)
        assert submission.attempt == number
        services.submit(submission)
    with pytest.raises(NoAttemptsLeft) as refused:
        services.start_attempt(learner, homework)
    assert refused.value.code == "no_attempts"
    assert services.attempts_left(learner, homework) == 0


def test_zero_attempts_means_unlimited(learner, homework):
    homework.max_attempts = 0
    homework.save()
    for _ in range(4):
        services.submit(services.start_attempt(learner, homework))
    assert services.attempts_left(learner, homework) is None
    assert services.start_attempt(learner, homework).attempt == 5


def test_one_attempt_in_progress_is_a_database_rule(learner, homework):
    Submission.objects.create(
        student=learner, homework=homework, attempt=1, started_at=timezone.now()
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            student=learner, homework=homework, attempt=2, started_at=timezone.now()
        )


def test_attempt_numbers_are_unique(learner, homework):
    Submission.objects.create(
        student=learner, homework=homework, attempt=1, started_at=timezone.now(), status="graded"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(
            student=learner, homework=homework, attempt=1, started_at=timezone.now()
        )


def test_one_final_test_per_course(lesson, teacher):
    Homework.objects.create(title="Итог", owner=teacher, lesson=lesson, is_final_test=True)
    Homework.objects.create(title="Ещё тест", owner=teacher, lesson=lesson)  # not final: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Homework.objects.create(
            title="Второй итог", owner=teacher, lesson=lesson, is_final_test=True
        )


# ---------------------------------------------------------------------------------------------
# Validation of a homework


def messages(homework) -> list[str]:
    with translation.override("en"):
        return services.validate_homework(homework)


def test_a_well_built_homework_is_valid(homework):
    choice_question(homework, True, False)
    choice_question(homework, True, True, False, multi=True)
    number_question(homework)
    QuestionFactory(homework=homework, type=Question.Type.TEXT)
    assert messages(homework) == []
    services.ensure_valid(homework)


def test_validation_messages(homework):
    choice_question(homework, False, False)  # 1: no correct choice
    choice_question(homework, True, True)  # 2: single choice with two correct
    QuestionFactory(homework=homework, type=Question.Type.TEXT, points=Decimal("0"))  # 3
    QuestionFactory(homework=homework, type=Question.Type.NUMBER)  # 4: no correct number
    choice_question(homework, False, False, multi=True)  # 5: no correct choice
    assert messages(homework) == [
        "Question 1: mark at least one choice as correct.",
        "Question 2: a single-choice question can have only one correct choice.",
        "Question 3: give it more than zero points.",
        "Question 4: enter the correct number.",
        "Question 5: mark at least one choice as correct.",
    ]
    with pytest.raises(ValidationError) as error:
        services.ensure_valid(homework)
    assert len(error.value.messages) == 5


def test_a_homework_without_questions_is_invalid(homework):
    assert messages(homework) == ["The homework has no questions."]


# ---------------------------------------------------------------------------------------------
# Uploaded files are checked by their content


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("main.py", "print('hi')")
    return buffer.getvalue()


@pytest.fixture
def file_homework(homework):
    text = QuestionFactory(homework=homework, type=Question.Type.TEXT)
    upload = QuestionFactory(homework=homework, type=Question.Type.FILE)
    return homework, text, upload


@pytest.mark.parametrize(
    ("name", "content", "stored_as"),
    [
        ("work.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", ".pdf"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ".jpg"),
        ("anim.gif", b"GIF89a\x01\x00\x01\x00", ".gif"),
        ("pic.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 ", ".webp"),
        ("essay.docx", docx_bytes(), ".docx"),
        ("project.zip", zip_bytes(), ".zip"),
        ("notes.txt", "Решение: x = 2\n".encode(), ".txt"),
        ("scan.pdf", PNG, ".png"),  # a PNG named .pdf is taken as what it is
    ],
)
def test_allowed_files_are_stored_by_their_real_kind(
    learner, file_homework, name, content, stored_as
):
    homework, _text, question = file_homework
    submission = services.start_attempt(learner, homework)
    services.save_answers(submission, {question.pk: SimpleUploadedFile(name, content)})
    stored = Answer.objects.get(submission=submission, question=question).file
    assert stored.name.startswith("homework/")
    assert stored.name.endswith(stored_as)
    assert stored.read() == content


def test_handed_in_files_are_kept_out_of_public_media(learner, file_homework, settings):
    homework, _text, question = file_homework
    submission = services.start_attempt(learner, homework)
    services.save_answers(
        submission, {question.pk: SimpleUploadedFile("work.pdf", b"%PDF-1.7\n1 0 obj\n")}
    )
    stored = Answer.objects.get(submission=submission, question=question).file
    assert stored.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("homework.pdf", EXE),  # a program renamed .pdf
        SimpleUploadedFile("data.txt", b"\x00\x01\x02binary"),
        SimpleUploadedFile("essay.docx", b"PK\x03\x04broken"),
    ],
    ids=["exe-as-pdf", "binary-as-txt", "broken-zip"],
)
def test_refused_file_names_the_question_and_keeps_other_answers(learner, file_homework, upload):
    homework, text, question = file_homework
    submission = services.start_attempt(learner, homework)
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.save_answers(submission, {text.pk: "Мой ответ", question.pk: upload})
    with translation.override("en"):
        assert any("Question 2" in message for message in refused.value.messages)
        assert all("Question 1" not in message for message in refused.value.messages)
    assert Answer.objects.get(submission=submission, question=text).text == "Мой ответ"
    assert (
        not Answer.objects.filter(submission=submission, question=question)
        .exclude(file="")
        .exists()
    )


def test_too_large_file_is_refused(learner, file_homework, settings):
    settings.HOMEWORK_MAX_UPLOAD_SIZE = 1024
    homework, text, question = file_homework
    submission = services.start_attempt(learner, homework)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.7\n" + b"0" * 1024)
    small = SimpleUploadedFile("small.pdf", b"%PDF-1.7\n" + b"0" * 100)
    with pytest.raises(ValidationError) as refused:
        services.save_answers(submission, {text.pk: "Текст", question.pk: big})
    assert refused.value.error_list[0].code == "file_too_large"
    assert Answer.objects.get(submission=submission, question=text).text == "Текст"
    services.save_answers(submission, {question.pk: small})  # under the limit: accepted
    assert Answer.objects.get(submission=submission, question=question).file


def test_default_size_limit_is_ten_megabytes(settings):
    if hasattr(settings, "HOMEWORK_MAX_UPLOAD_SIZE"):
        del settings.HOMEWORK_MAX_UPLOAD_SIZE
    assert services.max_upload_size() == 10 * 1024 * 1024


def test_choices_must_belong_to_the_question(learner, homework):
    question, _choices = choice_question(homework, True, False)
    other, other_choices = choice_question(homework, True, False)
    stray = ChoiceFactory(question=other)
    submission = services.start_attempt(learner, homework)
    with pytest.raises(ValidationError):
        services.save_answers(submission, {question.pk: stray.pk})
    with pytest.raises(ValidationError):
        services.save_answers(submission, {other_choices[0].pk + 10_000: "x"})


def test_a_second_tab_racing_the_first_gets_the_same_attempt(learner, homework, monkeypatch):
    """The other tab's attempt is not visible yet when this one checks; the database decides."""
    other_tab = services.start_attempt(learner, homework)
    real_in_progress = attempts._in_progress
    calls = []

    def not_yet_visible(user, hw):
        calls.append(1)
        return None if len(calls) == 1 else real_in_progress(user, hw)

    monkeypatch.setattr(attempts, "_in_progress", not_yet_visible)
    homework.max_attempts = 0
    homework.save()
    assert services.start_attempt(learner, homework) == other_tab
    assert Submission.objects.filter(student=learner, homework=homework).count() == 1


def test_no_new_attempt_after_the_due_date_when_late_work_is_refused(homework, learner):
    homework.due_at = timezone.now() - timedelta(hours=1)
    homework.late_policy = Homework.LatePolicy.REFUSE
    homework.save()
    with pytest.raises(AttemptClosed) as refused:
        services.start_attempt(learner, homework)
    assert refused.value.code == "closed"
    homework.late_policy = Homework.LatePolicy.ACCEPT
    homework.save()
    assert services.start_attempt(learner, homework).attempt == 1
