"""What the reviews app tells people (``accounts.services.notify``, the "reviews" switch).

- A learner who completed a course, or attended their ``REVIEWS_INVITE_AFTER_LESSONS``-th live
  lesson with a tutor, is invited to review it (once per course, every translation, or
  tutor; not when they already have).
- The teacher hears of a new published review of their course or of them (once per review).
- The author hears of a reply (once per reply) and of each moderation decision on their review
  or reply (approved, or rejected with the reason).

Each notice has a key naming the event, so a second signal or a retried call tells a person
once. A notice speaks the language of the course page it is about, else the review's.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.services import notify
from courses.models import CoursePage, TutorPage

from .models import Review, ReviewReply

KIND = "reviews"  # ProfileSettings' "reviews: invitations, new reviews, replies, moderation"


def person(user) -> str:
    return user.get_full_name() or user.get_short_name()


def tutor_page(tutor, language: str | None = None) -> TutorPage | None:
    """The tutor's live page, in ``language`` when there is one."""
    pages = TutorPage.objects.live().public().filter(user=tutor).select_related("locale")
    if language:
        own = pages.filter(locale__language_code=language).order_by("pk").first()
        if own is not None:
            return own
    return pages.order_by("pk").first()


def target_name(review: Review) -> str:
    return review.course.title if review.course_id else person(review.tutor)


def review_url(review: Review) -> str:
    """Where the review shows: its course page (the one it was written on) or tutor page."""
    if review.course_id:
        url = review.course.get_url() or ""
    else:
        page = tutor_page(review.tutor, review.language)
        url = (page.get_url() or "") if page else ""
    return f"{url}#review-{review.pk}" if url else ""


def _language(review: Review) -> str:
    if review.course_id:
        return review.course.locale.language_code
    return review.language or settings.LANGUAGE_CODE


# ---------------------------------------------------------------------------------------------
# Invitations


def invite_to_review_course(user, course: CoursePage) -> bool:
    """A learner completed the course: ask for a review (once per course, any translation)."""
    with translation.override(course.locale.language_code):
        return (
            notify(
                user,
                KIND,
                _("How was “%(course)s”?") % {"course": course.title},
                body=_(
                    "You have completed the course. A few words and a rating help other "
                    "learners choose, and tell the teacher what worked."
                ),
                url=(course.get_url() or "") + "#write-review",
                key=f"review-invite:course:{course.translation_key}",
            )
            is not None
        )


def invite_to_review_tutor(user, tutor) -> bool:
    """A learner attended enough of the tutor's lessons: ask for a review (once per tutor)."""
    page = tutor_page(tutor, translation.get_language())
    language = page.locale.language_code if page else settings.LANGUAGE_CODE
    with translation.override(language):
        return (
            notify(
                user,
                KIND,
                _("How are your lessons with %(tutor)s?") % {"tutor": person(tutor)},
                body=_("Rate your tutor and say a few words: it helps other learners choose."),
                url=((page.get_url() or "") + "#write-review") if page else "",
                key=f"review-invite:tutor:{tutor.pk}",
            )
            is not None
        )


# ---------------------------------------------------------------------------------------------
# Reviews and replies


def new_review(review: Review) -> None:
    """The reviewed teacher (or the course's teacher) hears of a newly published review."""
    if review.course_id:
        course = review.course
        teacher = course.teacher if course.teacher_id else course.owner
    else:
        teacher = review.tutor
    if teacher is None or not teacher.is_active:
        return
    with translation.override(_language(review)):
        context = {"author": person(review.author), "target": target_name(review)}
        if review.course_id:
            title = _("New review of “%(target)s”: %(stars)s★") % {
                **context,
                "stars": review.rating,
            }
        else:
            title = _("New review of you: %(stars)s★") % {"stars": review.rating}
        body = _("%(author)s wrote:") % context + "\n\n" + Truncator(review.text).chars(500)
        notify(
            teacher,
            KIND,
            title,
            body=body,
            url=review_url(review),
            key=f"review-published:{review.pk}",
        )


def new_reply(reply: ReviewReply) -> None:
    """The review's author hears of the teacher's (published) reply, once per reply."""
    review = reply.review
    with translation.override(_language(review)):
        title = _("%(teacher)s replied to your review of “%(target)s”") % {
            "teacher": person(reply.author),
            "target": target_name(review),
        }
        notify(
            review.author,
            KIND,
            title,
            body=Truncator(reply.text).chars(500),
            url=review_url(review),
            key=f"review-reply:{reply.pk}",
        )


def moderated(item: Review | ReviewReply) -> None:
    """The author hears the moderator's decision on their review or reply (once per decision)."""
    review = item.review if isinstance(item, ReviewReply) else item
    stamp = item.moderated_at.strftime("%Y%m%d%H%M%S%f") if item.moderated_at else ""
    what = "reply" if isinstance(item, ReviewReply) else "review"
    with translation.override(_language(review)):
        context = {"target": target_name(review)}
        if item.is_published:
            if isinstance(item, ReviewReply):
                title = _("Your reply to a review of “%(target)s” is published") % context
            else:
                title = _("Your review of “%(target)s” is published") % context
            body = ""
        else:
            if isinstance(item, ReviewReply):
                title = _("Your reply to a review of “%(target)s” was not published") % context
            else:
                title = _("Your review of “%(target)s” was not published") % context
            body = _("The moderator's reason: %(reason)s") % {"reason": item.rejection_reason}
        notify(
            item.author,
            KIND,
            title,
            body=body,
            url=review_url(review),
            key=f"{what}-moderated:{item.pk}:{item.status}:{stamp}",
        )
