"""Who sees and answers which request.

A request is seen by its learner and, while open, by every published tutor of its subject:
the same subject, a broader one they teach (a tutor of "Languages" sees "English") or a
narrower one (a tutor of "English" sees "Languages"), compared by translation key so a
tutor's pages in either language count. A tutor who answered sees the request afterwards
too. Offers are seen by the request's learner and each by its own tutor, never by another.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from core.permissions import is_signed_in
from courses.models import Category, TutorPage

from .errors import NotATutor, OfferNotFound, RequestNotFound
from .models import Offer, TutorRequest


def tutor_pages(user):
    return TutorPage.objects.live().public().filter(user=user)


def is_tutor(user) -> bool:
    """A teacher with a live tutor page."""
    return is_signed_in(user) and user.is_active and user.is_teacher and tutor_pages(user).exists()


def require_tutor(user) -> None:
    if not is_tutor(user):
        raise NotATutor()


def subject_filter(tutor, prefix: str = "subject__") -> Q:
    """Requests (or categories, with ``prefix=""``) in the subjects the tutor teaches, as one
    condition of subqueries."""
    taught = Category.objects.filter(tutors__in=tutor_pages(tutor).values("pk"))
    keys = taught.values("translation_key")
    parents = taught.filter(parent__isnull=False).values("parent__translation_key")
    return (
        Q(**{f"{prefix}translation_key__in": keys})
        | Q(**{f"{prefix}parent__translation_key__in": keys})
        | Q(**{f"{prefix}translation_key__in": parents})
    )


def open_requests() -> Q:
    return Q(status=TutorRequest.Status.OPEN, expires_at__gt=timezone.now())


def board_filter(tutor) -> Q:
    """The open requests of the tutor's subjects, not their own."""
    return open_requests() & subject_filter(tutor) & ~Q(learner=tutor)


def can_view_request(user, request: TutorRequest) -> bool:
    if not is_signed_in(user):
        return False
    if request.learner_id == user.pk:
        return True
    if not is_tutor(user):
        return False
    if Offer.objects.filter(request=request, tutor=user).exists():
        return True
    return TutorRequest.objects.filter(board_filter(user), pk=request.pk).exists()


def require_view_request(user, request: TutorRequest) -> None:
    # Someone else's request is not there for them: 404, not 403.
    if not can_view_request(user, request):
        raise RequestNotFound()


def require_owner(user, request: TutorRequest) -> None:
    if not (is_signed_in(user) and request.learner_id == user.pk):
        raise RequestNotFound()


def can_view_offer(user, offer: Offer) -> bool:
    return is_signed_in(user) and user.pk in (offer.tutor_id, offer.request.learner_id)


def require_view_offer(user, offer: Offer) -> None:
    if not can_view_offer(user, offer):
        raise OfferNotFound()
