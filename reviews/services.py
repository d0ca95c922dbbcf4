"""Every change to reviews, replies and reports: one function, one transaction, the permission
checked inside (``permissions``), a domain error (``errors``) on refusal, notices after commit.

**The figures follow in the same transaction.** Whatever adds or removes a published review
(publishing, rejecting, editing, deleting) calls ``recount(target)`` before it commits: it
locks the target's rows (every translation of a course, or the tutor's profile) with
``SELECT … FOR UPDATE`` and only then counts the published reviews, so two moderators
publishing at once are counted one after the other and the stored figures never drift.
Services lock the review first and the target second, always in that order.

A target is a course page (any translation) or a tutor (the user): see ``reading``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import TeacherProfile
from core.errors import Invalid
from courses import card_cache, ratings
from courses.models import CoursePage, TutorPage
from home import page_cache
from learning.schedule.models import Attendance, LiveLesson

from . import notices
from .app_settings import app_settings
from .errors import AlreadyReported, AlreadyReviewed, NotPublished, ReasonRequired, ReviewGone
from .models import MAX_TEXT, Review, ReviewReply, ReviewReport
from .permissions import (
    ATTENDED,
    require_delete,
    require_delete_reply,
    require_edit,
    require_eligible,
    require_moderate,
    require_pin,
    require_reply,
    require_report,
)
from .reading import Target, of, summary

User = get_user_model()
MAX_REASON = 1000
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
Status = Review.Status


# ---------------------------------------------------------------------------------------------
# Input


def clean_rating(rating) -> int:
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise Invalid(_("Give a rating from 1 to 5 stars."), field="rating")
    return rating


def clean_text(text, *, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write a few words about it."), field=field)
    if len(text) > MAX_TEXT:
        raise Invalid(_("At most %(limit)d characters.") % {"limit": MAX_TEXT}, field=field)
    return text


def clean_reason(reason) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    if len(reason) > MAX_REASON:
        raise Invalid(_("At most %(limit)d characters.") % {"limit": MAX_REASON}, field="reason")
    return reason


def clean_language(language: str | None, target: Target) -> str:
    """The language it is written in: given, else the course page's, else the current one."""
    if not language:
        if isinstance(target, CoursePage):
            language = target.locale.language_code
        else:
            language = translation.get_language() or settings.LANGUAGE_CODE
    language = language.split("-")[0]
    if language not in LANGUAGE_CODES:
        raise Invalid(_("Unknown language."), field="language")
    return language


# ---------------------------------------------------------------------------------------------
# The figures


def target_of(review: Review) -> Target:
    return review.course if review.course_id is not None else review.tutor


def recount(target: Target) -> None:
    """Write the target's published-review figures: ``average_rating``/``reviews_count`` on
    every translation of a course, ``rating``/``reviews_count`` on a tutor's profile.

    Call it inside the transaction that changed a published review: the target's rows are
    locked before counting, so concurrent changes are counted one after the other.
    """
    if isinstance(target, CoursePage):
        pages = CoursePage.objects.filter(translation_key=target.translation_key)
        list(pages.select_for_update().order_by("pk").values_list("pk", flat=True))
        figures = summary(target)
        pages.update(average_rating=figures.average, reviews_count=figures.count)
        target.average_rating, target.reviews_count = figures.average, figures.count
        card_cache.changed()  # the API's cached course list shows them
    elif isinstance(target, User):
        TeacherProfile.objects.get_or_create(user=target)
        profile = TeacherProfile.objects.select_for_update().get(user=target)
        figures = summary(target)
        profile.rating, profile.reviews_count = figures.average, figures.count
        profile.save(update_fields=["rating", "reviews_count"])
    else:
        raise TypeError(f"Reviews are not possible on {type(target).__name__}")
    # The catalog's "best rated" mean and the cached anonymous pages show the new figures:
    # the course's or the tutor's page, its listings and home (page_cache.purge_page).
    transaction.on_commit(ratings.forget_means)
    shown = (
        [target]
        if isinstance(target, CoursePage)
        else list(TutorPage.objects.filter(user=target).only("path", "depth", "show_in_menus"))
    )
    transaction.on_commit(lambda: [page_cache.purge_page(page) for page in shown])


@transaction.atomic
def recount_gone(*, course_key=None, tutor_id: int | None = None) -> None:
    """Published reviews went without a service (their author's account was deleted, taking
    them along): recount what they were about, if it is still there. Run after that commit."""
    if course_key is not None:
        target = CoursePage.objects.filter(translation_key=course_key).order_by("pk").first()
    else:
        target = User.objects.filter(pk=tutor_id).first()
    if target is not None:
        recount(target)


def _locked(model, pk: int):
    """The row, locked for this transaction; ``ReviewGone`` when it was deleted meanwhile."""
    row = (
        model.objects.select_for_update(of=("self",))
        .select_related(*(("course", "tutor", "author") if model is Review else ("review",)))
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise ReviewGone
    return row


def _publish(item: Review | ReviewReply, now=None) -> None:
    item.status = Status.PUBLISHED
    item.rejection_reason = ""
    if item.published_at is None:
        item.published_at = now or timezone.now()


def _status_for_new_text() -> str:
    return Status.PUBLISHED if app_settings.REVIEWS_PUBLISH_AT_ONCE else Status.PENDING


# ---------------------------------------------------------------------------------------------
# Authors


@transaction.atomic
def write(user, target: Target, *, rating: int, text: str, language: str | None = None) -> Review:
    """The person's review of a course (any translation) or a tutor: pending moderation, or
    published at once with ``REVIEWS_PUBLISH_AT_ONCE``. ``NotEligible`` (403) unless they
    may review it (``permissions.eligibility``); ``AlreadyReviewed`` (409) for a second one."""
    eligible = require_eligible(user, target)
    if eligible.existing is not None:
        raise AlreadyReviewed
    review = Review(
        author=user,
        rating=clean_rating(rating),
        text=clean_text(text),
        language=clean_language(language, target),
        status=_status_for_new_text(),
    )
    if isinstance(target, CoursePage):
        review.course, review.course_key = target, target.translation_key
    else:
        review.tutor = target
    if review.status == Status.PUBLISHED:
        _publish(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError as error:  # the same person, twice at once
        raise AlreadyReviewed from error
    if review.is_published:
        recount(target)
        transaction.on_commit(lambda: notices.new_review(review))
    return review


@transaction.atomic
def edit(user, review: Review, *, rating: int | None = None, text: str | None = None) -> Review:
    """The author changes the rating or the text. The review goes back to moderation (unless
    reviews are published at once), so a published one leaves the figures until approved."""
    review = _locked(Review, review.pk)
    require_edit(user, review)
    changes = {}
    if rating is not None and clean_rating(rating) != review.rating:
        changes["rating"] = rating
    if text is not None and (text := clean_text(text)) != review.text:
        changes["text"] = text
    if not changes:
        return review
    was_published = review.is_published
    for name, value in changes.items():
        setattr(review, name, value)
    review.status = _status_for_new_text()
    review.rejection_reason = ""
    if review.is_published:
        _publish(review)
    review.save()
    if was_published or review.is_published:
        recount(target_of(review))
    return review


@transaction.atomic
def delete(user, review: Review) -> None:
    """The author (or a moderator) removes a review; the figures follow if it was published."""
    review = _locked(Review, review.pk)
    require_delete(user, review)
    was_published, target = review.is_published, target_of(review)
    review._recounted = True  # signals.review_deleted: nothing left to recount
    review.delete()
    if was_published:
        recount(target)


# ---------------------------------------------------------------------------------------------
# Moderation


def _resolve_reports(review: Review, now) -> None:
    review.reports.filter(resolved_at__isnull=True).update(resolved_at=now)


@transaction.atomic
def approve(moderator, item: Review | ReviewReply) -> Review | ReviewReply:
    """Publish a pending (or rejected) review or reply; on a published one, keep it and close
    its reports. The author hears the result; a first publication tells the teacher (a review)
    or the review's author (a reply)."""
    item = _locked(type(item), item.pk)
    require_moderate(moderator, item)
    now = timezone.now()
    first_time = item.published_at is None
    changed = not item.is_published
    _publish(item, now)
    item.moderated_by, item.moderated_at = moderator, now
    item.save()
    if isinstance(item, Review):
        _resolve_reports(item, now)
        if changed:
            recount(target_of(item))
    if changed:
        transaction.on_commit(lambda: notices.moderated(item))
        if first_time:
            announce = notices.new_review if isinstance(item, Review) else notices.new_reply
            transaction.on_commit(lambda: announce(item))
    return item


@transaction.atomic
def reject(moderator, item: Review | ReviewReply, *, reason: str) -> Review | ReviewReply:
    """Take a review or reply off the site (or keep it from it) with a reason its author reads;
    closes the review's open reports."""
    reason = clean_reason(reason)
    item = _locked(type(item), item.pk)
    require_moderate(moderator, item)
    now = timezone.now()
    was_published = item.is_published
    item.status, item.rejection_reason = Status.REJECTED, reason
    item.moderated_by, item.moderated_at = moderator, now
    item.save()
    if isinstance(item, Review):
        _resolve_reports(item, now)
        if was_published:
            recount(target_of(item))
    transaction.on_commit(lambda: notices.moderated(item))
    return item


@transaction.atomic
def set_pinned(user, review: Review, pinned: bool) -> Review:
    """Editors and moderators pin a review to the home page's "What learners say" (or unpin)."""
    review = _locked(Review, review.pk)
    require_pin(user, review)
    if not review.is_published and pinned:
        raise NotPublished
    if review.pinned != pinned:
        review.pinned = pinned
        review.save(update_fields=["pinned", "updated_at"])
        transaction.on_commit(page_cache.purge)
    return review


# ---------------------------------------------------------------------------------------------
# Replies and reports


@transaction.atomic
def reply(user, review: Review, *, text: str) -> ReviewReply:
    """The course's teacher or the reviewed tutor answers a published review: the one reply
    is written, or edited (then moderated again, like a review)."""
    review = _locked(Review, review.pk)
    require_reply(user, review)
    if not review.is_published:
        raise NotPublished
    text = clean_text(text)
    answer = ReviewReply.objects.select_for_update().filter(review=review).first()
    if answer is None:
        answer = ReviewReply(review=review, author=user)
    elif answer.text == text and answer.status != Status.REJECTED:
        return answer
    answer.author, answer.text = user, text
    answer.status, answer.rejection_reason = _status_for_new_text(), ""
    first_time = answer.published_at is None
    if answer.is_published:
        _publish(answer)
    answer.save()
    if answer.is_published and first_time:
        transaction.on_commit(lambda: notices.new_reply(answer))
    return answer


@transaction.atomic
def delete_reply(user, reply: ReviewReply) -> None:
    """Its author (or a moderator) removes a reply."""
    reply = _locked(ReviewReply, reply.pk)
    require_delete_reply(user, reply)
    reply.delete()


@transaction.atomic
def report(user, review: Review, *, reason: str) -> ReviewReport:
    """A signed-in reader (not the author) reports a published review, once; it shows in the
    moderation queue until a moderator approves it again or rejects it."""
    require_report(user, review)
    if not review.is_published:
        raise NotPublished
    reason = clean_reason(reason)
    try:
        with transaction.atomic():
            return ReviewReport.objects.create(review=review, reporter=user, reason=reason)
    except IntegrityError as error:
        raise AlreadyReported from error


# ---------------------------------------------------------------------------------------------
# Invitations (issue 13, item 6): sent from signals.py


def invite_after_completion(user, course: CoursePage) -> bool:
    """The learner completed the course: invite a review unless they wrote one. Once."""
    if Review.objects.filter(of(course), author=user).exists():
        return False
    return notices.invite_to_review_course(user, course)


def invite_after_attendance(tutor, student_ids: list[int]) -> int:
    """Students newly marked at one of the tutor's lessons: those who have now attended
    ``REVIEWS_INVITE_AFTER_LESSONS`` of the tutor's lessons and not reviewed them are invited
    (once per tutor). Returns how many were invited now. Two queries and the notices."""
    if not student_ids or tutor is None:
        return 0
    due = (
        Attendance.objects.filter(
            student_id__in=student_ids, lesson__teacher=tutor, status__in=ATTENDED
        )
        .exclude(lesson__status=LiveLesson.Status.CANCELLED)
        .exclude(student__reviews_written__tutor=tutor)
        .values("student")
        .annotate(lessons=Count("lesson", distinct=True))
        .filter(lessons__gte=app_settings.REVIEWS_INVITE_AFTER_LESSONS)
        .values_list("student", flat=True)
    )
    people = User.objects.filter(pk__in=list(due), is_active=True)
    return sum(1 for student in people if notices.invite_to_review_tutor(student, tutor))
