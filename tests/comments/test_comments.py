"""Comments on lessons, homework and submissions: the rules, the thread tag and the site's forms."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import RequestContext, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Notification
from comments import permissions, services
from comments.models import Comment
from comments.targets import target_field
from core.errors import NotAllowed
from learning.enrollment.models import Enrollment
from learning.homework.models import Submission

from ..courses.factories import LessonPageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["learner", "classmate", "other_student", "teacher", "other_teacher", "staff", "anonymous"]
# Who may read and write, per target. The learner owns the submission; the classmate is
# enrolled in the course too (the submission is the one thread closed to them); the other
# student is not enrolled, the other teacher does not teach the course.
ALLOWED = {
    "lesson": {"learner", "classmate", "teacher", "staff"},
    "free_lesson": {"learner", "classmate", "teacher", "staff"},
    "homework": {"learner", "classmate", "teacher", "staff"},
    "submission": {"learner", "teacher", "staff"},
}


@pytest.fixture
def people(learner, teacher, course):
    classmate = StudentFactory(verified=True)
    Enrollment.objects.create(user=classmate, course=course, source="free")
    outsider = StudentFactory(verified=True)
    return {
        "learner": learner,
        "classmate": classmate,
        "other_student": outsider,
        "teacher": teacher,
        "other_teacher": TeacherFactory(verified=True),
        "staff": AdminFactory(verified=True),
        "anonymous": AnonymousUser(),
    }


@pytest.fixture
def submission(learner, homework):
    return Submission.objects.create(student=learner, homework=homework, started_at=timezone.now())


@pytest.fixture
def free_lesson(course):
    return LessonPageFactory(parent=course, title="Пробный урок", is_free=True)


@pytest.fixture
def targets(lesson, free_lesson, homework, submission):
    return {
        "lesson": lesson,
        "free_lesson": free_lesson,
        "homework": homework,
        "submission": submission,
    }


def notices(user, **filters):
    return Notification.objects.filter(user=user, **filters)


# ---------------------------------------------------------------------------------------------
# Who may read and write


@pytest.mark.parametrize("kind", list(ALLOWED))
@pytest.mark.parametrize("who", PEOPLE)
def test_permission_matrix(targets, people, kind, who):
    target, person = targets[kind], people[who]
    allowed = who in ALLOWED[kind]
    assert permissions.can_read(person, target) is allowed
    assert permissions.can_write(person, target) is allowed
    if allowed:
        comment = services.add_comment(person, target, "Вопрос по теме")
        assert getattr(comment, target_field(target)) == target
        assert list(services.thread(person, target)) == [comment]
    else:
        with pytest.raises(NotAllowed):
            services.add_comment(person, target, "Вопрос по теме")
        with pytest.raises(NotAllowed):
            services.thread(person, target)
        assert not Comment.objects.exists()


def test_a_free_preview_lesson_is_open_but_its_comments_are_not(free_lesson, people):
    from courses.services import can_view_lesson

    assert can_view_lesson(people["other_student"], free_lesson)
    assert can_view_lesson(AnonymousUser(), free_lesson)
    assert not permissions.can_read(people["other_student"], free_lesson)


def test_a_classmate_cannot_read_a_submissions_comments(submission, people):
    assert permissions.can_read(people["classmate"], submission.homework)
    assert not permissions.can_read(people["classmate"], submission)


def test_an_unpublished_lesson_is_discussed_by_its_makers_only(lesson, people):
    lesson.unpublish()
    lesson.refresh_from_db()
    assert not permissions.can_read(people["learner"], lesson)
    assert permissions.can_read(people["teacher"], lesson)
    assert permissions.can_read(people["staff"], lesson)


def test_a_learner_who_leaves_the_course_loses_the_thread(lesson, people):
    Enrollment.objects.filter(user=people["learner"]).update(status=Enrollment.Status.REFUNDED)
    assert not permissions.can_read(people["learner"], lesson)


# ---------------------------------------------------------------------------------------------
# The database keeps a comment on exactly one target


def test_the_database_refuses_a_comment_without_a_target(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=people["learner"], text="Ни к чему")


@pytest.mark.parametrize(
    "fields",
    [("lesson", "homework"), ("homework", "submission"), ("lesson", "submission")],
)
def test_the_database_refuses_a_comment_on_two_targets(targets, people, fields):
    values = {name: targets[name] for name in fields}
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=people["learner"], text="Сразу к двум", **values)


# ---------------------------------------------------------------------------------------------
# Text and replies


@pytest.mark.parametrize("text", ["", "   \n  ", "я" * (services.MAX_LENGTH + 1)])
def test_the_text_is_required_and_limited(lesson, people, text):
    with pytest.raises(ValidationError) as error:
        services.add_comment(people["learner"], lesson, text)
    assert "text" in error.value.message_dict
    assert not Comment.objects.exists()


def test_text_is_trimmed_and_may_be_exactly_the_limit(lesson, people):
    longest = services.add_comment(people["learner"], lesson, "я" * services.MAX_LENGTH)
    assert len(longest.text) == services.MAX_LENGTH
    trimmed = services.add_comment(people["learner"], lesson, "  Привет  \n")
    assert trimmed.text == "Привет"


def test_replies_go_one_level_deep(lesson, people):
    question = services.add_comment(people["learner"], lesson, "Вопрос")
    answer = services.add_comment(people["teacher"], lesson, "Ответ", parent=question)
    follow_up = services.add_comment(people["learner"], lesson, "Уточнение", parent=answer)
    assert answer.parent == question
    # A reply to a reply joins the top-level comment's thread.
    assert follow_up.parent == question
    [top] = services.thread(people["staff"], lesson)
    assert top == question
    assert [reply.text for reply in top.replies.all()] == ["Ответ", "Уточнение"]


def test_a_reply_must_be_in_the_same_discussion(lesson, homework, people):
    elsewhere = services.add_comment(people["learner"], homework, "О задании")
    with pytest.raises(ValidationError) as error:
        services.add_comment(people["learner"], lesson, "Ответ", parent=elsewhere)
    assert "parent" in error.value.message_dict
    assert Comment.objects.count() == 1


def test_a_reply_to_a_deleted_comment_is_refused(lesson, people):
    question = services.add_comment(people["learner"], lesson, "Вопрос")
    services.delete_comment(people["learner"], question)
    with pytest.raises(ValidationError) as error:
        services.add_comment(people["teacher"], lesson, "Ответ", parent=question)
    assert "parent" in error.value.message_dict
    assert not Comment.objects.exists()


def test_the_thread_is_newest_first_with_replies_oldest_first(lesson, people):
    first = services.add_comment(people["learner"], lesson, "Первый")
    second = services.add_comment(people["teacher"], lesson, "Второй")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(hours=1))
    services.add_comment(people["teacher"], lesson, "Ответ 1", parent=first)
    services.add_comment(people["staff"], lesson, "Ответ 2", parent=first)
    thread = list(services.thread(people["learner"], lesson))
    assert thread == [second, first]
    assert [r.text for r in thread[1].replies.all()] == ["Ответ 1", "Ответ 2"]


# ---------------------------------------------------------------------------------------------
# Editing and deleting


def test_authors_edit_their_own_comments_only(lesson, people):
    comment = services.add_comment(people["learner"], lesson, "Было")
    for who in ("teacher", "staff", "other_student"):
        with pytest.raises(NotAllowed):
            services.edit_comment(people[who], comment, "Чужая правка")
    comment.refresh_from_db()
    assert comment.text == "Было"
    edited = services.edit_comment(people["learner"], comment, " Стало ")
    comment.refresh_from_db()
    assert comment.text == edited.text == "Стало"
    with pytest.raises(ValidationError):
        services.edit_comment(people["learner"], comment, "  ")


def test_an_author_who_lost_access_cannot_edit_but_can_delete(lesson, people):
    comment = services.add_comment(people["learner"], lesson, "Моё")
    Enrollment.objects.filter(user=people["learner"]).update(status=Enrollment.Status.EXPIRED)
    with pytest.raises(NotAllowed):
        services.edit_comment(people["learner"], comment, "Правка")
    assert services.delete_comment(people["learner"], comment) == 1
    assert not Comment.objects.exists()


def test_authors_and_staff_delete_others_cannot(lesson, people):
    mine = services.add_comment(people["learner"], lesson, "Моё")
    theirs = services.add_comment(people["teacher"], lesson, "Учителя")
    for who in ("teacher", "other_student"):
        with pytest.raises(NotAllowed):
            services.delete_comment(people[who], mine)
    with pytest.raises(NotAllowed):
        services.delete_comment(people["learner"], theirs)
    services.delete_comment(people["learner"], mine)
    services.delete_comment(people["staff"], theirs)
    assert not Comment.objects.exists()


def test_deleting_a_top_level_comment_deletes_its_replies(lesson, people):
    question = services.add_comment(people["learner"], lesson, "Вопрос")
    reply = services.add_comment(people["teacher"], lesson, "Ответ", parent=question)
    other = services.add_comment(people["teacher"], lesson, "Другое")
    services.delete_comment(people["teacher"], reply)
    assert Comment.objects.filter(pk=question.pk).exists()
    services.add_comment(people["teacher"], lesson, "Ответ", parent=question)
    assert services.delete_comment(people["learner"], question) == 2
    assert list(Comment.objects.all()) == [other]


def test_an_edit_shows_as_edited(lesson, people):
    comment = services.add_comment(people["learner"], lesson, "Было")
    assert not services.is_edited(comment)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    comment.refresh_from_db()
    services.edit_comment(people["learner"], comment, "Стало")
    assert services.is_edited(comment)


# ---------------------------------------------------------------------------------------------
# Notifications


def test_a_students_comment_on_a_submission_notifies_the_teacher_once(
    submission, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.add_comment(people["learner"], submission, "Проверьте, пожалуйста")
    notice = notices(people["teacher"]).get()
    assert notice.kind == "messages"
    assert notice.key == f"comment:{comment.pk}"
    assert notice.url.endswith(f"#comment-{comment.pk}")
    assert "Проверьте, пожалуйста" in notice.body
    assert not notices(people["learner"]).exists()
    assert [m.to for m in mail.outbox] == [[people["teacher"].email]]


def test_a_teachers_comment_on_a_submission_notifies_the_student(submission, people):
    services.add_comment(people["teacher"], submission, "Хорошая работа")
    assert notices(people["learner"], kind="messages").count() == 1
    assert not notices(people["teacher"]).exists()
    services.add_comment(people["staff"], submission, "Согласен")
    assert notices(people["learner"], kind="messages").count() == 2


def test_a_reply_notifies_the_parents_author_once(
    submission, people, django_capture_on_commit_callbacks
):
    question = services.add_comment(people["learner"], submission, "Вопрос")
    Notification.objects.all().delete()
    mail.outbox.clear()
    # The student is both the other party and the parent's author: one notice, one e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        services.add_comment(people["teacher"], submission, "Ответ", parent=question)
    assert notices(people["learner"]).count() == 1
    assert len(mail.outbox) == 1
    assert not notices(people["teacher"]).exists()


def test_a_reply_on_a_lesson_notifies_the_parents_author_only(lesson, people):
    question = services.add_comment(people["learner"], lesson, "Вопрос")
    assert not Notification.objects.exists()  # a top-level lesson comment notifies nobody
    answer = services.add_comment(people["teacher"], lesson, "Ответ", parent=question)
    notice = notices(people["learner"]).get()
    assert "Ответ" in notice.body and notice.key == f"comment:{answer.pk}"
    # The learner replying to their own thread notifies the teacher they answer, not themself.
    services.add_comment(people["learner"], lesson, "Спасибо", parent=answer)
    assert notices(people["teacher"]).count() == 1
    assert notices(people["learner"]).count() == 1


def test_a_group_teacher_of_the_homework_hears_from_the_student(submission, homework, people):
    from learning.schedule.models import Group, LiveLesson, Membership

    group_teacher = TeacherFactory(verified=True)
    group = Group.objects.create(name="Группа А", teacher=group_teacher)
    Membership.objects.create(group=group, student=people["learner"])
    start = timezone.now()
    LiveLesson.objects.create(
        group=group,
        teacher=group_teacher,
        title="Занятие",
        start=start,
        end=start + timedelta(hours=1),
        homework=homework,
    )
    services.add_comment(people["learner"], submission, "Готово")
    assert notices(group_teacher).count() == 1
    assert notices(people["teacher"]).count() == 1
    assert not notices(people["other_teacher"]).exists()


# ---------------------------------------------------------------------------------------------
# The thread on a page


THREAD = Template("{% load comment_threads %}{% comment_thread target %}")


def render_thread(target, user, path="/ru/lesson/", **params):
    request = RequestFactory().get(path, params)
    request.user = user
    return THREAD.render(RequestContext(request, {"target": target}))


@pytest.mark.parametrize("who", ["other_student", "other_teacher", "anonymous"])
def test_the_thread_shows_nothing_to_outsiders(lesson, people, who):
    services.add_comment(people["learner"], lesson, "Секретный вопрос")
    assert render_thread(lesson, people[who]).strip() == ""


def test_an_empty_thread_invites_the_first_comment(lesson, people):
    html = render_thread(lesson, people["learner"])
    assert 'data-testid="comments-empty"' in html
    assert 'data-testid="comment-form"' in html
    assert reverse("comments:add", args=["lesson", lesson.pk]) in html
    assert "csrfmiddlewaretoken" in html


def test_an_empty_thread_is_known_without_a_query_until_someone_comments(
    lesson, people, django_assert_num_queries
):
    """Whether a thread has any comment is kept under its own counter (``signals``): a thread
    nobody wrote in costs no query once known, and the first comment (or the last one
    deleted) shows at once."""
    render_thread(lesson, people["learner"])
    with django_assert_num_queries(0):
        html = render_thread(lesson, people["learner"])
    assert 'data-testid="comments-empty"' in html
    first = services.add_comment(people["teacher"], lesson, "Первый комментарий")
    assert "Первый комментарий" in render_thread(lesson, people["learner"])
    services.delete_comment(people["teacher"], first)
    assert 'data-testid="comments-empty"' in render_thread(lesson, people["learner"])


def test_the_thread_offers_edit_and_delete_to_the_author_and_delete_to_staff(lesson, people):
    mine = services.add_comment(people["learner"], lesson, "Мой <b>вопрос</b>")
    theirs = services.add_comment(people["teacher"], lesson, "Ответ учителя", parent=mine)
    learner_view = render_thread(lesson, people["learner"])
    assert "Мой &lt;b&gt;вопрос&lt;/b&gt;" in learner_view
    assert reverse("comments:edit", args=[mine.pk]) in learner_view
    assert reverse("comments:delete", args=[mine.pk]) in learner_view
    assert reverse("comments:edit", args=[theirs.pk]) not in learner_view
    assert reverse("comments:delete", args=[theirs.pk]) not in learner_view
    assert f'name="parent" value="{mine.pk}"' in learner_view
    staff_view = render_thread(lesson, people["staff"])
    for comment in (mine, theirs):
        assert reverse("comments:delete", args=[comment.pk]) in staff_view
        assert reverse("comments:edit", args=[comment.pk]) not in staff_view


def test_the_thread_is_paginated_in_a_fixed_number_of_queries(
    lesson, people, django_assert_max_num_queries
):
    authors = [people["learner"], people["teacher"], people["staff"]]
    for n in range(30):
        top = services.add_comment(authors[n % 3], lesson, f"Комментарий {n}")
        services.add_comment(authors[(n + 1) % 3], lesson, f"Ответ {n}", parent=top)
    render_thread(lesson, people["learner"])  # the site, and that the thread is not empty
    lesson = type(lesson).objects.get(pk=lesson.pk)  # nothing cached from the setup
    with django_assert_max_num_queries(6):
        html = render_thread(lesson, people["learner"])
    assert html.count('data-testid="comment"') == 20
    assert html.count('data-testid="comment-reply"') == 20
    assert "comments_page=2" in html
    with django_assert_max_num_queries(6):
        second = render_thread(lesson, people["learner"], comments_page="2", page="3")
    assert second.count('data-testid="comment"') == 10
    assert "Комментарий 0" in second and "Комментарий 29" not in second
    # The host page's own parameters survive the comment pager's links.
    assert "page=3" in second
    assert (
        render_thread(lesson, people["learner"], comments_page="abc").count('data-testid="comment"')
        == 20
    )


# ---------------------------------------------------------------------------------------------
# The site's forms


@pytest.fixture
def site_client(home_page):
    return Client()


def add_url(kind, target):
    return reverse("comments:add", args=[kind, target.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_posting_a_comment_goes_back_to_the_page(site_client, lesson, people):
    site_client.force_login(people["learner"])
    response = site_client.post(
        add_url("lesson", lesson), {"text": "Вопрос", "next": "/ru/courses/x/?comments_page=2"}
    )
    comment = Comment.objects.get()
    assert (comment.author, comment.lesson, comment.text) == (people["learner"], lesson, "Вопрос")
    assert response.status_code == 302
    assert response["Location"] == f"/ru/courses/x/?comments_page=2#comment-{comment.pk}"
    assert messages_of(response)


def test_a_reply_and_its_errors_through_the_form(site_client, homework, people):
    question = services.add_comment(people["learner"], homework, "Вопрос")
    site_client.force_login(people["teacher"])
    response = site_client.post(
        add_url("homework", homework), {"text": "Ответ", "parent": question.pk, "next": "/ru/x/"}
    )
    reply = Comment.objects.get(parent=question)
    assert response["Location"] == f"/ru/x/#comment-{reply.pk}"
    response = site_client.post(add_url("homework", homework), {"text": "  ", "next": "/ru/x/"})
    assert response.status_code == 302
    assert Comment.objects.count() == 2
    assert messages_of(response)[-1] == gettext("Write something first.")
    response = site_client.post(
        add_url("homework", homework), {"text": "Ответ", "parent": "999999", "next": "/ru/x/"}
    )
    assert Comment.objects.count() == 2
    assert messages_of(response)


def test_an_unsafe_next_falls_back_to_the_targets_page(site_client, homework, people):
    site_client.force_login(people["learner"])
    response = site_client.post(
        add_url("homework", homework), {"text": "Вопрос", "next": "https://evil.example/"}
    )
    comment = Comment.objects.get()
    expected = reverse("homework:detail", args=[homework.pk])
    assert response["Location"] == f"{expected}#comment-{comment.pk}"


def test_outsiders_and_anonymous_cannot_post(site_client, submission, people):
    url = add_url("submission", submission)
    response = site_client.post(url, {"text": "Аноним"})
    assert response.status_code == 302 and "login" in response["Location"]
    site_client.force_login(people["other_student"])
    assert site_client.post(url, {"text": "Чужой"}).status_code == 403
    assert not Comment.objects.exists()
    assert site_client.post(add_url("unknown", submission), {"text": "x"}).status_code == 404


def test_the_forms_answer_post_only_and_need_the_csrf_token(lesson, people, home_page):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["learner"])
    assert client.get(add_url("lesson", lesson)).status_code == 405
    assert client.post(add_url("lesson", lesson), {"text": "Без токена"}).status_code == 403
    assert not Comment.objects.exists()


def test_edit_and_delete_through_the_forms(site_client, lesson, people):
    comment = services.add_comment(people["learner"], lesson, "Было")
    edit = reverse("comments:edit", args=[comment.pk])
    delete = reverse("comments:delete", args=[comment.pk])
    site_client.force_login(people["teacher"])
    assert site_client.post(edit, {"text": "Чужая правка"}).status_code == 403
    assert site_client.post(delete).status_code == 403
    site_client.force_login(people["learner"])
    response = site_client.post(edit, {"text": "Стало", "next": "/ru/y/"})
    assert response["Location"] == f"/ru/y/#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.text == "Стало"
    site_client.force_login(people["staff"])
    response = site_client.post(delete, {"next": "/ru/y/"})
    assert response["Location"] == "/ru/y/#comments"
    assert not Comment.objects.exists()
