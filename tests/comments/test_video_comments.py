"""Comments on a tutor's video post: who reads and writes, replies, hiding, notices, the
thread on the site and its fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from accounts.models import Notification
from comments import permissions, services
from comments.models import Comment
from comments.targets import target_field, tutor_id, visible_count_of, visible_on
from core.errors import NotAllowed

from .videos import render_thread

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# The target


def test_a_video_post_is_a_target_with_its_tutor(video, tutor, reader):
    assert target_field(video) == "video"
    assert tutor_id(video) == tutor.pk
    comment = services.add_comment(reader, video, "Спасибо за видео")
    assert comment.video_id == video.pk and comment.lesson_id is None


def test_a_comment_is_on_exactly_one_target(video, reader, lesson):
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=reader, text="Два места", video=video, lesson_id=lesson.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(author=reader, text="Нигде")


def test_the_post_tutor_is_the_tutor_page_account_else_the_owner(video, tutor_page, reader):
    assert tutor_id(video) == tutor_page.user_id
    type(tutor_page).objects.filter(pk=tutor_page.pk).update(user=None)
    fresh = type(video).objects.get(pk=video.pk)
    assert tutor_id(fresh) == video.owner_id


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("reader", True), ("tutor", True), ("staff", True), ("other_tutor", True), ("anon", False)],
)
def test_everyone_signed_in_reads_and_writes_on_a_live_public_post(
    video, reader, tutor, staff, other_tutor, who, allowed
):
    person = {
        "reader": reader,
        "tutor": tutor,
        "staff": staff,
        "other_tutor": other_tutor,
        "anon": AnonymousUser(),
    }[who]
    assert permissions.can_read(person, video) is allowed
    assert permissions.can_write(person, video) is allowed


def test_a_draft_post_is_for_its_tutor_and_staff(video, reader, tutor, staff):
    video.unpublish()
    fresh = type(video).objects.get(pk=video.pk)
    assert not permissions.can_read(reader, fresh)
    with pytest.raises(NotAllowed):
        services.add_comment(reader, fresh, "Можно?")
    assert permissions.can_read(tutor, fresh) and permissions.can_read(staff, fresh)


def test_a_restricted_post_is_closed_to_readers(video, reader, tutor):
    PageViewRestriction.objects.create(page=video, restriction_type="password", password="x")
    fresh = type(video).objects.get(pk=video.pk)
    assert not permissions.can_read(reader, fresh)
    assert permissions.can_read(tutor, fresh)


# ---------------------------------------------------------------------------------------------
# Replies


def test_replies_go_one_level_deep(video, reader, second_reader, tutor):
    top = services.add_comment(reader, video, "Вопрос")
    reply = services.add_comment(tutor, video, "Ответ", parent=top)
    deeper = services.add_comment(second_reader, video, "Ответ на ответ", parent=reply)
    assert reply.parent_id == top.pk and deeper.parent_id == top.pk
    [shown] = services.thread(reader, video)
    assert [c.text for c in shown.replies.all()] == ["Ответ", "Ответ на ответ"]


def test_a_reply_must_be_in_the_same_thread(video, other_video, reader):
    elsewhere = services.add_comment(reader, other_video, "Там")
    with pytest.raises(ValidationError) as error:
        services.add_comment(reader, video, "Здесь", parent=elsewhere)
    assert "parent" in error.value.message_dict


# ---------------------------------------------------------------------------------------------
# Hiding


def texts(user, target) -> list[str]:
    return [
        text
        for top in services.thread(user, target)
        for text in [top.text, *(r.text for r in top.replies.all())]
    ]


def test_the_tutor_hides_a_comment_on_their_post(video, tutor, reader, second_reader):
    rude = services.add_comment(reader, video, "Грубость")
    services.add_comment(second_reader, video, "Ответ на грубость", parent=rude)
    services.add_comment(second_reader, video, "Нормальный")
    services.set_hidden(tutor, rude, True)
    rude.refresh_from_db()
    assert rude.hidden_at is not None and rude.hidden_by_id == tutor.pk
    # Others no longer see it nor its replies; the author and the tutor still do.
    assert texts(second_reader, video) == ["Нормальный"]
    assert "Грубость" in texts(reader, video)
    assert set(texts(tutor, video)) == {"Грубость", "Ответ на грубость", "Нормальный"}
    assert visible_on(video).count() == 1
    services.set_hidden(tutor, rude, False)
    assert len(texts(second_reader, video)) == 3
    assert visible_on(video).count() == 3


@pytest.mark.parametrize("who", ["other_tutor", "reader", "author"])
def test_nobody_else_hides_on_the_post(video, reader, second_reader, other_tutor, who):
    comment = services.add_comment(second_reader, video, "Мнение")
    person = {"other_tutor": other_tutor, "reader": reader, "author": second_reader}[who]
    with pytest.raises(NotAllowed):
        services.set_hidden(person, comment, True)
    comment.refresh_from_db()
    assert comment.hidden_at is None


def test_a_tutor_cannot_hide_on_another_tutors_post(video, other_video, tutor, reader):
    comment = services.add_comment(reader, other_video, "На чужом посте")
    with pytest.raises(NotAllowed):
        services.set_hidden(tutor, comment, True)


def test_moderators_hide_anywhere_and_the_tutor_cannot_undo_it(video, tutor, reader, moderator):
    comment = services.add_comment(reader, video, "Спам")
    services.set_hidden(moderator, comment, True)
    with pytest.raises(NotAllowed):
        services.set_hidden(tutor, comment, False)
    services.set_hidden(moderator, comment, False)
    comment.refresh_from_db()
    assert comment.hidden_at is None and comment.hidden_by is None


def test_a_hidden_comment_takes_no_replies(video, tutor, reader, second_reader):
    comment = services.add_comment(reader, video, "Спам")
    services.set_hidden(tutor, comment, True)
    with pytest.raises(ValidationError):
        services.add_comment(second_reader, video, "Ответ", parent=comment)


# ---------------------------------------------------------------------------------------------
# Notices


def test_the_tutor_hears_of_comments_on_their_post(video, tutor, reader):
    comment = services.add_comment(reader, video, "Отличное объяснение")
    [notice] = Notification.objects.filter(user=tutor)
    assert "Дроби за 5 минут" in notice.title
    assert notice.url.endswith(f"#comment-{comment.pk}")
    assert notice.key == f"comment:{comment.pk}"


def test_the_tutor_does_not_hear_of_their_own_comment(video, tutor):
    services.add_comment(tutor, video, "Пишите вопросы")
    assert not Notification.objects.filter(user=tutor).exists()


def test_the_author_hears_of_a_reply_and_the_tutor_of_both(video, tutor, reader, second_reader):
    top = services.add_comment(reader, video, "Вопрос")
    services.add_comment(second_reader, video, "Ответ", parent=top)
    assert Notification.objects.filter(user=reader).count() == 1
    assert Notification.objects.filter(user=tutor).count() == 2
    services.add_comment(tutor, video, "Ответ автора", parent=top)
    titles = list(Notification.objects.filter(user=reader).values_list("title", flat=True))
    assert len(titles) == 2


# ---------------------------------------------------------------------------------------------
# The thread on the site


def test_the_post_page_shows_the_thread(client, video, reader):
    services.add_comment(reader, video, "Видно на странице")
    anonymous = client.get(video.url)
    assert anonymous.status_code == 200
    assert b'data-testid="comments-sign-in"' in anonymous.content
    assert "Видно на странице" not in anonymous.content.decode()
    client.force_login(reader)
    html = client.get(video.url).content.decode()
    assert "Видно на странице" in html and 'data-testid="comment-form"' in html
    assert 'data-testid="comment-like"' in html


def test_the_tutor_sees_hide_buttons_readers_do_not(video, tutor, reader, second_reader):
    services.add_comment(reader, video, "Комментарий")
    assert 'data-testid="comment-hide"' in render_thread(video, tutor)
    assert 'data-testid="comment-hide"' not in render_thread(video, second_reader)


def test_hidden_comments_are_marked_for_those_who_still_see_them(
    video, tutor, reader, second_reader
):
    comment = services.add_comment(reader, video, "Скрытый")
    services.set_hidden(tutor, comment, True)
    assert 'data-testid="comment-hidden"' in render_thread(video, tutor)
    assert 'data-testid="comment-hidden"' in render_thread(video, reader)
    assert "Скрытый" not in render_thread(video, second_reader)


def fill(video, people, start, stop):
    for i in range(start, stop):
        top = services.add_comment(people[i % 2], video, f"Комментарий {i}")
        services.add_comment(people[(i + 1) % 2], video, f"Ответ {i}", parent=top)
        services.set_like(people[(i + 1) % 2], top, True)
    # A hidden one too: its buttons and marks cost nothing extra.
    services.set_hidden(people[2], top, True)


@pytest.mark.parametrize("viewer", ["reader", "tutor", "staff"])
def test_a_thread_of_3_or_30_costs_the_same_queries(
    video, reader, second_reader, tutor, staff, viewer
):
    person = {"reader": reader, "tutor": tutor, "staff": staff}[viewer]
    counts = []
    for start, stop in ((0, 3), (3, 30)):
        fill(video, [reader, second_reader, tutor], start, stop)
        fresh = type(video).objects.get(pk=video.pk)
        person = type(person).objects.get(pk=person.pk)  # nothing cached from the setup
        with CaptureQueriesContext(connection) as queries:
            html = render_thread(fresh, person)
        counts.append(len(queries))
        assert html.count('data-testid="comment"') >= 2
    assert counts[0] == counts[1], counts
    assert counts[1] <= 8


def test_visible_counts_for_many_posts_in_one_query(
    video, other_video, tutor, reader, django_assert_num_queries
):
    services.add_comment(reader, video, "Один")
    hidden = services.add_comment(reader, video, "Два")
    services.add_comment(reader, video, "Ответ на скрытый", parent=hidden)
    services.add_comment(reader, other_video, "Три")
    services.set_hidden(tutor, hidden, True)
    with django_assert_num_queries(1):
        counts = visible_count_of([video, other_video])
    assert counts == {video.pk: 1, other_video.pk: 1}
