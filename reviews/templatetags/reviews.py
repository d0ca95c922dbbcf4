"""{% load reviews %} {% reviews_section page %}: the reviews part of a course or tutor page.

The rating summary (plain mean, count, 5★…1★ bars), one page of published reviews in the
order and with the stars the query string asks for (``?order=``, ``?stars=``, ``?page=``),
each with its published reply, and what the visitor may do: write a review (or why not),
edit or delete their own (shown to them in any state, with a note while it waits), reply
(the reviewed teacher), report (anyone else signed in).

A page of reviews costs the same queries whatever their number: the summary (one query)
gives the count the paginator needs, and the page is one query with authors and replies
joined. Asking here keeps ``courses`` (below reviews) unaware of reviews.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django import template
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from core.permissions import is_staff
from courses.access import teaches
from courses.models import CoursePage, TutorPage

from .. import permissions, reading
from ..app_settings import app_settings
from ..models import Review, ReviewReply

register = template.Library()
User = get_user_model()

ORDER_LABELS = {
    "newest": gettext_lazy("Newest"),
    "highest": gettext_lazy("Highest rated"),
    "lowest": gettext_lazy("Lowest rated"),
}


class CountedPaginator(Paginator):
    """A paginator told its count (the summary has it), so it never asks COUNT(*)."""

    def __init__(self, object_list, per_page, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


@dataclass
class Item:
    """One review as the visitor sees it, with what they may do with it."""

    review: Review
    reply: ReviewReply | None  # the published reply, or the viewer's own in any state
    mine: bool = False
    can_reply: bool = False
    can_report: bool = False


def target_of(page) -> Any:
    """What a page's reviews are about: the course page itself, or the tutor (the user)."""
    if isinstance(page, TutorPage):
        return page.user
    if isinstance(page, CoursePage):
        return page
    raise TypeError(f"Pages of type {type(page).__name__} have no reviews")


def _choice(value: str | None, choices) -> str | None:
    return value if value in choices else None


def _stars(value: str | None) -> int | None:
    return int(value) if value in {str(s) for s in reading.STARS} else None


def _query(order: str | None, stars: int | None, page: int | None = None) -> str:
    """The query string of a view of the list (defaults left out, so one view, one URL)."""
    params: dict[str, Any] = {}
    if order and order != reading.DEFAULT_ORDER:
        params["order"] = order
    if stars:
        params["stars"] = stars
    if page and page > 1:
        params["page"] = page
    return f"?{urlencode(params)}#reviews" if params else "?#reviews"


def _reply_shown(review: Review, user) -> ReviewReply | None:
    public = reading.public_reply(review)
    if public is not None:
        return public
    try:
        reply = review.reply
    except ReviewReply.DoesNotExist:
        return None
    return reply if user.is_authenticated and reply.author_id == user.pk else None


class Listing:
    """The summary and one page of reviews, asked only when a kept part lacks them: the
    template reads these inside ``{% cached_part %}`` bodies (home.parts), so a part found in
    the cache costs no query."""

    def __init__(self, target, request, user, order: str, stars: int | None) -> None:
        self.target, self.request, self.user = target, request, user
        self.order, self.stars = order, stars

    @cached_property
    def summary(self) -> reading.Summary:
        return reading.summary(self.target)

    @cached_property
    def page_obj(self):
        summary = self.summary
        count = summary.distribution.get(self.stars, 0) if self.stars else summary.count
        reviews = reading.published(self.target, order=self.order, stars=self.stars)
        if isinstance(self.target, CoursePage):
            reviews = reviews.select_related("course")  # can_reply asks for the course's teacher
        paginator = CountedPaginator(reviews, app_settings.REVIEWS_PER_PAGE, count)
        return paginator.get_page(self.request.GET.get("page"))

    @cached_property
    def items(self) -> list[Item]:
        user, target = self.user, self.target
        signed_in = user.is_authenticated
        items = []
        for review in self.page_obj.object_list:
            if isinstance(target, User) and review.tutor_id == target.pk:
                review.tutor = target  # the page's own user: can_reply asks nothing more
            items.append(
                Item(
                    review=review,
                    reply=_reply_shown(review, user),
                    mine=signed_in and review.author_id == user.pk,
                    can_reply=signed_in and permissions.can_reply(user, review),
                    can_report=signed_in and permissions.can_report(user, review),
                )
            )
        return items

    def previous_url(self) -> str:
        page_obj = self.page_obj
        if not page_obj.has_previous():
            return ""
        return _query(self.order, self.stars, page_obj.previous_page_number())

    def next_url(self) -> str:
        page_obj = self.page_obj
        return (
            _query(self.order, self.stars, page_obj.next_page_number())
            if page_obj.has_next()
            else ""
        )

    def all_url(self) -> str:
        return _query(self.order, None)

    def orders(self) -> list[tuple[str, str, str, bool]]:
        return [
            (key, str(label), _query(key, self.stars), key == self.order)
            for key, label in ORDER_LABELS.items()
        ]

    def star_filters(self) -> list[tuple[int, int, str, bool]]:
        return [
            (value, n, _query(self.order, value), value == self.stars)
            for value, n, _percent in self.summary.bars()
        ]

    def bars(self) -> list[tuple[int, int, int, str]]:
        return [
            (value, n, percent, _query(self.order, value))
            for value, n, percent in self.summary.bars()
        ]


def _viewer(user, own: Review | None, is_reviewed: bool) -> tuple:
    """What of the reader the list of reviews shows, for its kept part's key: report buttons
    (anyone signed in), their own review (its badge, no report button, their profile link),
    links to profiles (members' for the signed in, everyone's for staff), and for the reviewed
    teacher or tutor the reply buttons and their replies in any state."""
    if not user.is_authenticated:
        return ("visitor",)
    if is_reviewed:
        return ("reviewed", user.pk)
    return ("staff" if is_staff(user) else "member", own.pk if own else None)


@register.inclusion_tag("reviews/section.html", takes_context=True)
def reviews_section(context, page) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    target = target_of(page)
    order = _choice(request.GET.get("order"), reading.ORDERS) or reading.DEFAULT_ORDER
    stars = _stars(request.GET.get("stars"))

    signed_in = user.is_authenticated
    eligibility = permissions.eligibility_shown(user, target) if signed_in else None
    own = eligibility.existing if eligibility else None
    # The teacher of the course or the tutor themselves: they reply, never review.
    is_reviewed = signed_in and (
        target.pk == user.pk
        if isinstance(target, User)
        else permissions.course_teacher_id(target) == user.pk or teaches(user, target)
    )
    # A page of the list, its summary and its filters are kept (home.parts) per page, query
    # string and kind of reader; only the call to write a review is asked for every reader.
    identity = (page.pk, order, stars)
    return {
        "request": request,
        "page": page,
        "target_kind": "tutor" if isinstance(page, TutorPage) else "course",
        "listing": Listing(target, request, user, order, stars),
        "summary_key": identity,
        "list_key": (*identity, request.GET.get("page"), *_viewer(user, own, is_reviewed)),
        "stars": stars,
        "signed_in": signed_in,
        "eligibility": eligibility,
        "own": own,
        "is_reviewed": is_reviewed,
        "write_url": reverse("reviews:write", args=[page.pk]),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}",
        # An inclusion tag's context starts afresh: the page's language for the lang attributes.
        "LANGUAGE_CODE": get_language(),
    }


@register.filter
def reviewer_name(user) -> str:
    """How a review's author is named in public: first name and the last name's initial
    ("Анна П."), never the e-mail address."""
    return reading.public_name(user) or _("A learner")


@register.inclusion_tag("reviews/includes/stars.html")
def stars(rating) -> dict[str, Any]:
    """★★★★☆ with its text alternative ("Rated 4 out of 5")."""
    rating = int(rating or 0)
    return {"rating": rating, "full": "★" * rating, "empty": "☆" * (5 - rating)}
