"""Asking at the right moment and telling the people concerned (issue 13, items 6 and 7):
each notice once, in-app always and by e-mail as the person's "reviews" switch says."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Notification
from learning.enrollment import services as enrollment
from learning.schedule import services as schedule
from reviews import services
from reviews.models import ReviewReply

from ..factories import StudentFactory
from ..schedule.factories import GroupFactory, LiveLessonFactory, MembershipFactory
from .conftest import enroll, learner_of, published_review

pytestmark = pytest.mark.django_db


def keys(user, prefix: str = "review") -> list[str]:
    return sorted(
        Notification.objects.filter(user=user, key__startswith=prefix).values_list("key", flat=True)
    )


def test_completing_a_course_invites_a_review_once(
    course, django_capture_on_commit_callbacks, mailoutbox
):
    learner = StudentFactory(verified=True)
    enroll(learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in course.lessons():
            enrollment.complete_lesson(learner, lesson)
    invitation = Notification.objects.get(user=learner, key__startswith="review-invite")
    assert invitation.kind == "reviews"
    assert invitation.title == "Как вам курс «Физика»?"
    assert invitation.url.endswith("#write-review")
    assert invitation.title in [m.subject for m in mailoutbox if m.to == [learner.email]]
    # A second signal (a retried task, a completion in the other language) tells nobody again.
    assert not services.invite_after_completion(learner, course)
    assert len(keys(learner, "review-invite")) == 1


def test_no_invitation_for_a_course_already_reviewed(course):
    learner = learner_of(course)
    services.write(learner, course, rating=5, text="Отлично.")
    assert not services.invite_after_completion(learner, course)
    assert keys(learner) == []


def test_the_invitations_email_follows_the_reviews_switch(
    course, django_capture_on_commit_callbacks, mailoutbox
):
    learner = StudentFactory(verified=True)
    accounts.update_settings(learner, {"email_reviews": False})
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_after_completion(learner, course)
    assert keys(learner, "review-invite") != [] and mailoutbox == []


@pytest.fixture
def group_of_tutor(tutor_page):
    group = GroupFactory(teacher=tutor_page.user)
    return group


def lesson_now(group, days_ago: int):
    start = timezone.now() - dt.timedelta(days=days_ago, minutes=5)
    return LiveLessonFactory(group=group, start=start, end=start + dt.timedelta(hours=1))


def test_the_third_attended_lesson_invites_a_tutor_review_once(
    group_of_tutor, django_capture_on_commit_callbacks
):
    tutor = group_of_tutor.teacher
    keen, absent = StudentFactory(), StudentFactory()
    for person in (keen, absent):
        MembershipFactory(group=group_of_tutor, student=person)
    for number, days_ago in enumerate((4, 3, 2, 1), start=1):
        lesson = lesson_now(group_of_tutor, days_ago)
        with django_capture_on_commit_callbacks(execute=True):
            schedule.mark_attendance(tutor, lesson, {absent.pk: "absent"})
        expected = [f"review-invite:tutor:{tutor.pk}"] if number >= 3 else []
        assert keys(keen, "review-invite") == expected, number
    assert keys(absent, "review-invite") == []
    invitation = Notification.objects.get(user=keen, key__startswith="review-invite")
    assert invitation.title.startswith("Как вам занятия с преподавателем")


def test_late_counts_and_remarking_a_lesson_counts_once(
    group_of_tutor, django_capture_on_commit_callbacks, settings
):
    settings.REVIEWS_INVITE_AFTER_LESSONS = 2
    tutor = group_of_tutor.teacher
    learner = StudentFactory()
    MembershipFactory(group=group_of_tutor, student=learner)
    lesson = lesson_now(group_of_tutor, 2)
    with django_capture_on_commit_callbacks(execute=True):
        schedule.mark_attendance(tutor, lesson, {learner.pk: "late"})
        schedule.mark_attendance(tutor, lesson, {learner.pk: "present"})
    assert keys(learner, "review-invite") == []
    with django_capture_on_commit_callbacks(execute=True):
        schedule.mark_attendance(tutor, lesson_now(group_of_tutor, 1), {})
    assert keys(learner, "review-invite") == [f"review-invite:tutor:{tutor.pk}"]


def test_the_teacher_hears_of_a_published_review_once(
    course, moderator, django_capture_on_commit_callbacks
):
    learner = learner_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        review = services.write(learner, course, rating=5, text="Отлично.")
    assert keys(course.teacher) == []  # pending: nothing to tell yet
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator, review)
        services.edit(learner, review, text="Отлично, спасибо.")
        services.approve(moderator, review)  # published again after an edit
    notice = Notification.objects.get(user=course.teacher)
    assert notice.key == f"review-published:{review.pk}" and notice.kind == "reviews"
    assert notice.title == "Новый отзыв о «Физика»: 5★"
    assert notice.url.endswith(f"#review-{review.pk}")


def test_the_author_hears_of_the_moderation_and_of_the_reply(
    course, moderator, django_capture_on_commit_callbacks
):
    learner = learner_of(course)
    with django_capture_on_commit_callbacks(execute=True):
        review = services.write(learner, course, rating=2, text="Скучно.")
        services.reject(moderator, review, reason="Без подробностей.")
    rejected = Notification.objects.get(user=learner, key__startswith="review-moderated")
    assert rejected.title == "Ваш отзыв о «Физика» не опубликован"
    assert "Без подробностей." in rejected.body
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator, review)
        answer = services.reply(course.teacher, review, text="Расскажите подробнее?")
    assert len(keys(learner, "review-moderated")) == 2
    assert keys(learner, "review-reply") == []  # the reply waits for moderation
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(moderator, answer)
        services.reply(course.teacher, review, text="Расскажите, что было скучно?")
        services.approve(moderator, ReviewReply.objects.get())
    assert keys(learner, "review-reply") == [f"review-reply:{answer.pk}"]  # once per reply
    # The teacher hears the decision on their reply.
    assert len(keys(course.teacher, "reply-moderated")) == 2


def test_a_review_published_at_once_tells_the_teacher(
    course, settings, django_capture_on_commit_callbacks
):
    settings.REVIEWS_PUBLISH_AT_ONCE = True
    with django_capture_on_commit_callbacks(execute=True):
        review = published_review(learner_of(course), course)
    assert keys(course.teacher) == [f"review-published:{review.pk}"]
