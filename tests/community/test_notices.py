"""Notices: a tutor hears of likes in hourly batches; followers hear of a new post once
(Wagtail's page_published) and get at most one e-mail digest a day."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Notification, ProfileSettings
from comments import services as comment_services
from community import services
from community.models import PostLike, PostStats
from community.services.stats import ensure_stats

from ..courses.factories import TutorVideoPageFactory
from .conftest import make_post

pytestmark = pytest.mark.django_db


def notices(user, prefix: str):
    return list(Notification.objects.filter(user=user, key__startswith=prefix))


def test_likes_are_told_in_one_notice_per_post(people, learner, tutor, post):
    for person in [*people, learner]:
        services.like(person, post)
    assert services.notify_likes() == 1
    [notice] = notices(tutor.user, "post-likes:")
    assert notice.title == "4 человека оценили «Дроби за пять минут»"
    assert notice.kind == "messages" and notice.url == post.url
    assert services.notify_likes() == 0  # nothing new


def test_new_likes_wait_for_the_hour(people, learner, tutor, post):
    services.like(people[0], post)
    now = timezone.now()
    assert services.notify_likes(now) == 1
    services.like(people[1], post)
    services.like(people[2], post)
    assert services.notify_likes(now + timedelta(minutes=30)) == 0
    assert services.notify_likes(now + timedelta(minutes=61)) == 1
    latest = notices(tutor.user, "post-likes:")[0]
    assert latest.title.startswith("2 человека")


def test_a_like_taken_back_is_not_told_and_a_tutors_own_is_not(learner, tutor, post):
    services.like(learner, post)
    services.unlike(learner, post)
    services.like(tutor.user, post)
    assert services.notify_likes() == 0
    assert not notices(tutor.user, "post-likes:")


def test_english_notice_text(settings, people, tutor, post):
    settings.LANGUAGE_CODE = "en"
    services.like(people[0], post)
    services.notify_likes()
    assert notices(tutor.user, "post-likes:")[0].title == "1 person liked “Дроби за пять минут”"


def test_followers_hear_of_a_new_post_once(django_capture_on_commit_callbacks, learner, tutor):
    services.follow(learner, tutor)
    post = TutorVideoPageFactory(parent=tutor, live=False, title="Новое видео")
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    [notice] = notices(learner, "new-post:")
    assert notice.kind == "courses" and "Новое видео" in notice.title
    assert PostStats.objects.get(pk=post.pk).tutor_id == tutor.user_id
    assert len(mail.outbox) == 0  # the digest mails, not each post
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()  # an edit
    assert len(notices(learner, "new-post:")) == 1


def test_the_digest_mails_at_most_daily(
    django_capture_on_commit_callbacks, learner, people, tutor, tutor_index
):
    services.follow(learner, tutor)
    services.follow(people[0], tutor)
    ProfileSettings.objects.update_or_create(user=people[0], defaults={"email_courses": False})
    make_post(tutor, title="Первое", hours_ago=3)
    make_post(tutor, title="Второе", hours_ago=2)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_post_digests(now) == 1
    [message] = mail.outbox
    assert message.to == [learner.email]
    assert message.subject == "2 новых видео от репетиторов, на которых вы подписаны"
    assert "Первое" in message.body and "Второе" in message.body
    make_post(tutor, title="Третье", hours_ago=-1)  # after the first digest
    assert services.send_post_digests(now + timedelta(hours=2)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_post_digests(now + timedelta(hours=25)) == 1
    assert "Третье" in mail.outbox[-1].body and "Первое" not in mail.outbox[-1].body


def test_sync_gives_old_posts_their_figures(tutor):
    post = TutorVideoPageFactory(parent=tutor)
    assert not PostStats.objects.filter(pk=post.pk).exists()
    assert services.sync_posts() == 1
    stats = PostStats.objects.get(pk=post.pk)
    assert stats.tutor_id == tutor.user_id and stats.tutor_page_id == tutor.pk
    assert services.sync_posts() == 0
    _stats, made = ensure_stats(post)
    assert made is False


def test_the_comment_count_follows_comments_shown_hidden_and_deleted(
    django_capture_on_commit_callbacks, learner, tutor, post
):
    def count() -> int:
        return PostStats.objects.get(pk=post.pk).comment_count

    with django_capture_on_commit_callbacks(execute=True):
        first = comment_services.add_comment(learner, post, "Спасибо, стало понятно!")
        comment_services.add_comment(tutor.user, post, "Рад помочь", parent=first)
    assert count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.set_hidden(tutor.user, first, True)
    assert count() == 0  # a hidden comment goes with its replies
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.set_hidden(tutor.user, first, False)
    assert count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        first.replies.all().delete()
    assert count() == 1
    assert not PostLike.objects.exists()
