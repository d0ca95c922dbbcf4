"""Members' materials: a verified member writes one, moderators publish it; a test opens to
every member only while its material is published, and counts nowhere."""

import pytest
from wagtail.models import WorkflowState

from accounts.models import Notification
from core import generations
from courses.models import CourseMedia
from learning.certificates.models import Certificate
from learning.enrollment.models import Enrollment
from learning.homework import permissions as homework_rules
from learning.homework import services as homework
from learning.homework.signals import CHANGED
from materials import services
from materials.errors import MaterialInvalid, MaterialNotAllowed
from materials.models import MaterialPage
from materials.services import Draft
from tests.factories import StudentFactory

from .conftest import publish

pytestmark = pytest.mark.django_db


def test_a_member_without_a_confirmed_address_cannot_write(write):
    with pytest.raises(MaterialNotAllowed):
        write(user=StudentFactory(verified=False))
    assert not MaterialPage.objects.exists()


def test_an_article_waits_for_moderators_with_its_text_escaped(write, author, materials_index):
    page = write(
        text="Абзац <script>alert(1)</script>\nвторая строка\n\nДругой абзац", summary="Коротко"
    )
    assert not page.live and page.owner == author
    assert page.get_parent().pk == materials_index.pk
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    revision = page.get_latest_revision_as_object()
    paragraphs = [block.value.source for block in revision.body]
    assert paragraphs == [
        "<p>Абзац &lt;script&gt;alert(1)&lt;/script&gt;<br/>вторая строка</p>",
        "<p>Другой абзац</p>",
    ]
    [mine] = services.my_materials(author)
    assert services.status_of(mine) == services.Status.IN_MODERATION


def test_moderators_publish_it_and_the_author_sees_it(write, author, moderator):
    page = publish(write(), moderator)
    assert page.live
    [mine] = services.my_materials(author)
    assert services.status_of(mine) == services.Status.PUBLISHED


def test_a_rejected_material_asks_for_changes(write, author, moderator):
    page = write()
    page.current_workflow_task_state.reject(user=moderator, comment="Добавьте примеры")
    [mine] = services.my_materials(author)
    assert services.status_of(mine) == services.Status.CHANGES_REQUESTED


def test_an_article_needs_text_and_a_title(write):
    with pytest.raises(MaterialInvalid) as error:
        write(text="  ")
    assert error.value.field == "text"
    with pytest.raises(MaterialInvalid) as error:
        write(title=" ")
    assert error.value.field == "title"


def test_a_self_check_test_is_closed_until_published(write, moderator):
    page = write(kind="test")
    test = page.test
    assert test.is_self_check and not test.is_open and test.lesson_id is None
    assert [(q.type, q.points) for q in test.questions.all()] == [
        ("single", 1), ("multi", 1), ("number", 1),
    ]  # fmt: skip
    learner = StudentFactory(verified=True)
    assert not homework_rules.can_take(learner, test)

    # Opening and closing are update()s: they bump what keeps homework all the same.
    before = generations.generation(CHANGED)
    publish(page, moderator)
    test.refresh_from_db()
    assert test.is_open and homework_rules.can_take(learner, test)
    opened = generations.generation(CHANGED)
    assert opened != before

    page.unpublish(user=moderator)
    test.refresh_from_db()
    assert not test.is_open and not homework_rules.can_take(learner, test)
    assert generations.generation(CHANGED) != opened


def test_taking_a_self_check_test_grades_it_and_gives_nothing_else(write, moderator):
    test = publish(write(kind="test"), moderator).test
    learner = StudentFactory(verified=True)
    submission = homework.start_attempt(learner, test)
    questions = list(test.questions.prefetch_related("choices"))
    right = [choice.pk for choice in questions[0].choices.all() if choice.is_correct]
    homework.save_answers_by_question(
        submission,
        {
            questions[0].pk: right,
            questions[1].pk: [c.pk for c in questions[1].choices.all() if c.is_correct],
            questions[2].pk: "8",
        },
    )
    submission = homework.submit(submission)
    assert submission.status == "auto_graded"
    assert submission.score == 3 and submission.passed
    # Again, as often as they like; never an enrolment or a certificate.
    assert homework.attempts_left(learner, test) is None
    assert not Enrollment.objects.exists() and not Certificate.objects.exists()


def test_attempts_at_a_self_check_test_stay_the_takers_own(write, author, moderator, admin_user):
    test = publish(write(kind="test"), moderator).test
    learner = StudentFactory(verified=True)
    submission = homework.start_attempt(learner, test)
    assert homework_rules.can_view_submission(learner, submission)
    assert not homework_rules.can_view_submission(author, submission)  # the author is a member
    assert homework_rules.can_view_submission(admin_user, submission)
    assert list(homework.visible_submissions(author, test, test.submissions.all())) == []


def test_a_test_with_a_syntax_error_names_the_line(write):
    with pytest.raises(MaterialInvalid) as error:
        write(kind="test", questions="? Вопрос\n* да\nнет")
    assert error.value.field == "questions" and "3" in str(error.value)
    assert not MaterialPage.objects.exists()


def test_a_test_needs_a_right_choice(write):
    with pytest.raises(MaterialInvalid) as error:
        write(kind="test", questions="? Вопрос\n- да\n- нет")
    assert error.value.field == "questions"


def test_a_video_material_takes_only_the_authors_upload(write, author, tmp_path):
    foreign = CourseMedia.objects.create(
        title="Чужое", type="video", file="media/x.mp4", duration=3
    )
    with pytest.raises(MaterialInvalid) as error:
        write(kind="video", video=foreign.pk)
    assert error.value.field == "video"
    own = CourseMedia.objects.create(
        title="Моё", type="video", file="media/y.mp4", duration=3, uploaded_by_user=author
    )
    page = write(kind="video", video=own.pk, text="")
    body = page.get_latest_revision_as_object().body
    assert body[0].block_type == "video" and body[0].value["file"] == own


def test_the_author_rewrites_a_test_and_answers_keep_their_questions(write, author, moderator):
    page = publish(write(kind="test"), moderator)
    learner = StudentFactory(verified=True)
    submission = homework.start_attempt(learner, page.test)
    first = page.test.questions.first()
    homework.save_answers_by_question(submission, {first.pk: [first.choices.first().pk]})
    draft = services.draft_of(page)
    assert draft.questions.startswith("? 2 + 2 =\n* 4\n- 5")
    services.update_material(
        author,
        page,
        Draft(kind="test", title="Новое", questions=draft.questions + "\n\n? Ещё\n= 1"),
    )
    assert page.test.questions.count() == 4
    assert page.test.questions.first().pk == first.pk
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.live and page.title == "Как учить слова"  # the published one until approved


def test_only_the_author_changes_a_material(write):
    page = write()
    with pytest.raises(MaterialNotAllowed):
        services.update_material(
            StudentFactory(verified=True), page, Draft(kind="article", title="x", text="y")
        )


def test_a_material_keeps_its_kind(write, author):
    page = write()
    with pytest.raises(MaterialInvalid):
        services.update_material(
            author, page, Draft(kind="test", title="x", questions="? a\n* b\n- c")
        )


def test_the_author_hears_of_publication_and_of_requested_changes(write, author, moderator):
    published = publish(write(title="Опубликуют"), moderator)
    rejected = write(title="Вернут")
    rejected.current_workflow_task_state.reject(user=moderator, comment="Добавьте примеры")
    notices = {notice.title: notice for notice in Notification.objects.filter(user=author)}
    assert notices["Ваш материал «Опубликуют» опубликован."].url == published.url
    changes = notices["Модераторы просят доработать «Вернут»."]
    assert changes.body == "Добавьте примеры"
    assert changes.url == f"/ru/cabinet/materials/{rejected.pk}/edit/"
