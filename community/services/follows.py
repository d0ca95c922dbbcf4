"""Following tutors: one follow per person and tutor (a database constraint), never oneself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from courses.models import TutorPage

from ..errors import CannotFollowSelf, TutorNotFound
from ..models import Follow

if TYPE_CHECKING:
    from accounts.models import User


def published_tutor(tutor_page_id: int) -> TutorPage:
    """A live, public tutor page with an account behind it (what one follows)."""
    page = (
        TutorPage.objects.live()
        .public()
        .filter(pk=tutor_page_id, user__isnull=False, user__is_active=True)
        .select_related("user")
        .defer_streamfields()
        .first()
    )
    if page is None:
        raise TutorNotFound()
    return page


def follow(user: User, tutor: TutorPage) -> tuple[Follow, bool]:
    """Follow the tutor behind ``tutor`` (a page of theirs); (the follow, whether new).
    Following twice is no error: the second changes nothing."""
    if not tutor.user_id:
        raise TutorNotFound()
    if tutor.user_id == user.pk:
        raise CannotFollowSelf()
    try:
        with transaction.atomic():
            return Follow.objects.create(follower=user, tutor_id=tutor.user_id), True
    except IntegrityError:
        # Two clicks at once: the unique constraint let one in.
        existing = Follow.objects.filter(follower=user, tutor_id=tutor.user_id).first()
        if existing is None:
            raise
        return existing, False


def unfollow(user: User, tutor: TutorPage) -> bool:
    """Stop following; whether there was a follow to remove."""
    deleted, _rows = Follow.objects.filter(follower=user, tutor_id=tutor.user_id).delete()
    return bool(deleted)


def is_following(user: User, tutor_user_id: int | None) -> bool:
    if not user.is_authenticated or not tutor_user_id:
        return False
    return Follow.objects.filter(follower=user, tutor_id=tutor_user_id).exists()


def followers_count(tutor_user_id: int | None) -> int:
    if not tutor_user_id:
        return 0
    return Follow.objects.filter(tutor_id=tutor_user_id).count()


def follows_of(user: User) -> QuerySet[Follow]:
    """The person's follows, newest first, each with the tutor's page in the active
    language when there is one (the tutor's first page otherwise)."""
    return Follow.objects.filter(follower=user).select_related("tutor").order_by("-created_at")
