"""Who may review, moderate, reply, edit, delete and report (issue 13, items 1–3), through the
real endpoints; the rule's details through ``permissions.eligibility``."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from core.errors import NotAllowed
from learning.enrollment.models import Enrollment
from learning.schedule.models import Attendance
from reviews import permissions, services
from reviews.errors import NotPublished, ReasonRequired
from reviews.models import Review, ReviewReply, ReviewReport

from ..courses.factories import CoursePageFactory
from ..factories import AdminFactory, StudentFactory, TeacherFactory
from ..schedule.factories import LiveLessonFactory
from .conftest import TEXT, complete_lessons, enroll, learner_of, published_review

pytestmark = pytest.mark.django_db

BODY = {"rating": 5, "text": TEXT}


def person(kind, course, moderator):
    """The matrix's people (issue 13's "Done when")."""
    if kind == "anonymous":
        return None
    if kind == "non-enrolled":
        return StudentFactory(verified=True)
    if kind == "below the threshold":
        learner = StudentFactory(verified=True)
        enroll(learner, course)  # enrolled, no lesson done
        return learner
    if kind == "eligible learner":
        return learner_of(course)
    if kind == "the teacher":
        return course.teacher
    if kind == "another teacher":
        return TeacherFactory(verified=True)
    if kind == "moderator":
        return moderator
    raise AssertionError(kind)


# who: (write, reply, moderate, report)
MATRIX = {
    "anonymous": (401, 401, False, 401),
    "non-enrolled": (403, 403, False, 201),
    "below the threshold": (403, 403, False, 201),
    "eligible learner": (201, 403, False, 201),
    "the teacher": (403, 201, False, 201),
    "another teacher": (403, 403, False, 201),
    "moderator": (403, 403, True, 201),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_permission_matrix(api_client, course, moderator, who):
    write, reply, moderates, report = MATRIX[who]
    user = person(who, course, moderator)
    existing = published_review(learner_of(course), course, rating=4)
    if user is not None:
        api_client.force_authenticate(user)

    created = api_client.post(f"/api/courses/{course.pk}/reviews/", BODY, format="json")
    assert created.status_code == write, created.content
    if write == 403:
        assert created.json()["code"] in {"not_eligible"}
    answered = api_client.post(
        f"/api/reviews/{existing.pk}/reply/", {"text": "Спасибо!"}, format="json"
    )
    assert answered.status_code == reply
    reported = api_client.post(
        f"/api/reviews/{existing.pk}/report/", {"reason": "Не по теме."}, format="json"
    )
    assert reported.status_code == report
    # Moderation is the admin's (the other helper's pages); the rule is this predicate.
    assert permissions.can_moderate(user or AnonymousUser(), existing) is moderates
    # Nobody but the author edits; the list is public.
    edited = api_client.patch(f"/api/reviews/{existing.pk}/", {"rating": 1}, format="json")
    assert edited.status_code == (401 if user is None else 403)
    assert api_client.get(f"/api/courses/{course.pk}/reviews/").status_code == 200


def test_refusals_say_what_to_do_first(api_client, course, tutor_page):
    learner = StudentFactory(verified=True)
    api_client.force_authenticate(learner)
    answer = api_client.post(f"/api/courses/{course.pk}/reviews/", BODY, format="json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "Пройдите курс или хотя бы треть его уроков, чтобы оставить отзыв."
    )
    answer = api_client.post(f"/api/tutors/{tutor_page.pk}/reviews/", BODY, format="json")
    assert answer.status_code == 403
    assert answer.json()["detail"] == (
        "Сначала посетите занятие этого преподавателя или пройдите один из его курсов."
    )


# ---------------------------------------------------------------------------------------------
# The course rule


def test_a_third_of_the_lessons_or_completion_allows_a_course_review(course):
    learner = StudentFactory()
    assert not permissions.eligibility(learner, course).allowed  # not enrolled
    enrollment = enroll(learner, course)
    assert not permissions.eligibility(learner, course).allowed  # enrolled, nothing done
    complete_lessons(learner, course, 1)
    assert permissions.eligibility(learner, course).allowed  # 1 of 3

    finished = StudentFactory()
    enroll(finished, course, status=Enrollment.Status.COMPLETED).__class__.objects.filter(
        user=finished
    ).update(completed_at="2026-01-01T00:00:00Z")
    assert permissions.eligibility(finished, course).allowed
    enrollment.status = Enrollment.Status.REFUNDED
    enrollment.save()
    assert not permissions.eligibility(learner, course).allowed  # refunded: not a learner


def test_the_share_is_a_setting(course, settings):
    from reviews.app_settings import app_settings

    learner = learner_of(course, lessons=1)
    settings.REVIEWS_COURSE_SHARE = 0.5
    assert app_settings.REVIEWS_COURSE_SHARE == 0.5
    assert not permissions.eligibility(learner, course).allowed  # 1 of 3 < half
    complete_lessons(learner, course, 2)
    assert permissions.eligibility(learner, course).allowed


def test_lessons_done_in_another_translation_count_and_one_review_covers_both(
    api_client, course, english
):
    learner = StudentFactory(verified=True)
    enroll(learner, english)
    complete_lessons(learner, english, 1)
    assert permissions.eligibility(learner, course).allowed
    api_client.force_authenticate(learner)
    created = api_client.post(f"/api/courses/{english.pk}/reviews/", BODY, format="json")
    assert created.status_code == 201 and created.json()["language"] == "en"
    again = api_client.post(f"/api/courses/{course.pk}/reviews/", BODY, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_reviewed"
    mine = permissions.eligibility(learner, course)
    assert mine.allowed and mine.existing.pk == created.json()["id"]


def test_nobody_reviews_their_own_course_or_themselves(course, tutor_page):
    assert permissions.eligibility(course.teacher, course).reason == (
        "Вы не можете оставить отзыв о своём курсе."
    )
    assert not permissions.eligibility(tutor_page.user, tutor_page.user).allowed
    assert not permissions.eligibility(AnonymousUser(), course).allowed


# ---------------------------------------------------------------------------------------------
# The tutor rule


@pytest.mark.parametrize(
    ("mark", "allowed"),
    [("present", True), ("late", True), ("absent", False), ("excused", False)],
)
def test_attending_a_tutors_lesson_allows_a_tutor_review(tutor_page, mark, allowed):
    tutor = tutor_page.user
    learner = StudentFactory()
    lesson = LiveLessonFactory(group__teacher=tutor)
    Attendance.objects.create(lesson=lesson, student=learner, status=mark)
    assert permissions.eligibility(learner, tutor).allowed is allowed


def test_completing_a_tutors_course_allows_a_tutor_review(catalog, tutor_page):
    tutor = tutor_page.user
    course = CoursePageFactory(parent=catalog, teacher=tutor, owner=tutor)
    learner = StudentFactory()
    enrollment = enroll(learner, course)
    assert not permissions.eligibility(learner, tutor).allowed  # enrolled is not enough
    Enrollment.objects.filter(pk=enrollment.pk).update(
        status="completed", completed_at="2026-01-01T00:00:00Z"
    )
    assert permissions.eligibility(learner, tutor).allowed


def test_a_tutor_review_through_the_api(api_client, tutor_page):
    tutor = tutor_page.user
    learner = StudentFactory(verified=True)
    Attendance.objects.create(lesson=LiveLessonFactory(group__teacher=tutor), student=learner)
    api_client.force_authenticate(learner)
    created = api_client.post(f"/api/tutors/{tutor_page.pk}/reviews/", BODY, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["target"] == {"type": "tutor", "id": tutor.pk, "name": tutor.get_full_name()}
    assert body["status"] == "pending"
    api_client.force_authenticate(None)
    # Pending: not listed, and not readable by others.
    assert api_client.get(f"/api/tutors/{tutor_page.pk}/reviews/").json()["count"] == 0
    assert api_client.get(f"/api/reviews/{body['id']}/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Moderators, replies, authors, reports


def test_a_tutor_in_the_moderators_group_never_moderates_reviews_of_themselves(course, learner):
    teacher = course.teacher
    teacher.groups.add(Group.objects.get(name="Moderators"))
    review = services.write(learner, course, rating=1, text="Плохо.")
    with pytest.raises(NotAllowed):
        services.approve(teacher, review)
    review.refresh_from_db()
    assert review.status == "pending"
    assert permissions.can_moderate(AdminFactory(), review)
    editor = StudentFactory()
    editor.groups.add(Group.objects.get(name="Editors"))
    assert permissions.can_moderate(editor, review)


def test_moderators_reject_with_a_reason_only(course, learner, moderator):
    review = services.write(learner, course, rating=2, text="Так себе.")
    with pytest.raises(ReasonRequired):
        services.reject(moderator, review, reason="  ")
    services.reject(moderator, review, reason="Оскорбления.")
    review.refresh_from_db()
    assert (review.status, review.rejection_reason) == ("rejected", "Оскорбления.")


def test_the_author_edits_and_it_goes_back_to_moderation(api_client, course, learner, moderator):
    review = published_review(learner, course, rating=5, moderator=moderator)
    api_client.force_authenticate(learner)
    answer = api_client.patch(
        f"/api/reviews/{review.pk}/", {"rating": 3, "text": "Передумал."}, format="json"
    )
    assert answer.status_code == 200
    assert (answer.json()["status"], answer.json()["rating"]) == ("pending", 3)
    # The author still reads it; the public does not.
    assert api_client.get(f"/api/reviews/{review.pk}/").status_code == 200
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/reviews/{review.pk}/").status_code == 404


def test_authors_and_moderators_delete_others_do_not(api_client, course, moderator):
    mine = published_review(learner_of(course), course)
    theirs = published_review(learner_of(course), course)
    api_client.force_authenticate(mine.author)
    assert api_client.delete(f"/api/reviews/{theirs.pk}/").status_code == 403
    assert api_client.delete(f"/api/reviews/{mine.pk}/").status_code == 204
    api_client.force_authenticate(moderator)
    assert api_client.delete(f"/api/reviews/{theirs.pk}/").status_code == 204
    assert not Review.objects.exists()


def test_the_teacher_replies_once_and_edits_the_reply(api_client, course, learner, moderator):
    review = published_review(learner, course, moderator=moderator)
    api_client.force_authenticate(course.teacher)
    first = api_client.post(f"/api/reviews/{review.pk}/reply/", {"text": "Спасибо!"})
    assert first.status_code == 201 and first.json()["status"] == "pending"
    second = api_client.patch(
        f"/api/reviews/{review.pk}/reply/", {"text": "Спасибо, рады!"}, format="json"
    )
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    assert ReviewReply.objects.get().text == "Спасибо, рады!"
    # The public sees it once a moderator approves it.
    api_client.force_authenticate(None)
    assert api_client.get(f"/api/reviews/{review.pk}/").json()["reply"] is None
    services.approve(moderator, ReviewReply.objects.get())
    assert api_client.get(f"/api/reviews/{review.pk}/").json()["reply"]["text"] == (
        "Спасибо, рады!"
    )
    api_client.force_authenticate(course.teacher)
    assert api_client.delete(f"/api/reviews/{review.pk}/reply/").status_code == 204
    assert not ReviewReply.objects.exists()


def test_nobody_replies_to_a_review_that_is_not_published(course, learner):
    review = services.write(learner, course, rating=5, text=TEXT)
    with pytest.raises(NotPublished):
        services.reply(course.teacher, review, text="Спасибо!")


def test_a_report_once_per_person_never_on_ones_own(api_client, course, learner, moderator):
    review = published_review(learner, course, moderator=moderator)
    reader = StudentFactory(verified=True)
    api_client.force_authenticate(reader)
    url = f"/api/reviews/{review.pk}/report/"
    assert api_client.post(url, {"reason": "Реклама."}).status_code == 201
    again = api_client.post(url, {"reason": "Реклама."})
    assert again.status_code == 409 and again.json()["code"] == "already_reported"
    assert api_client.post(url, {"reason": ""}).status_code == 400
    api_client.force_authenticate(learner)
    assert api_client.post(url, {"reason": "Сам себя."}).status_code == 403
    # A moderator's decision closes the open reports.
    services.approve(moderator, review)
    assert ReviewReport.objects.get().resolved_at is not None


def test_editors_pin_published_reviews(course, learner, moderator):
    review = published_review(learner, course, moderator=moderator)
    with pytest.raises(NotAllowed):
        services.set_pinned(learner, review, True)
    assert services.set_pinned(moderator, review, True).pinned
