"""Site pages: the feed, and the like and follow buttons' forms (they work without
JavaScript; ``portal/static/js/community.js`` sends them with fetch and asks for JSON)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from core import sites
from core.urls import safe_next
from courses.models import TutorIndexPage

from . import services


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _tutors_page(locale: Locale) -> TutorIndexPage | None:
    return TutorIndexPage.objects.live().filter(locale=locale).first()


@never_cache
@login_required
def feed(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort")
    sort = sort if sort in services.SORTS else "new"
    locale = sites.active_locale()
    page = services.feed(request.user, sort, request.GET.get("page"), locale=locale)
    context = {
        "page": page,
        "sort": sort,
        "query_string": f"sort={sort}",
        "follows_anyone": services.follows_of(request.user).exists(),
        "tutors_page": _tutors_page(locale),
    }
    return render(request, "community/feed.html", context)


@require_POST
@login_required
def like(request: HttpRequest, post_id: int) -> HttpResponse:
    post = services.live_post(post_id)
    state = services.set_like(request.user, post, request.POST.get("liked") == "1")
    if _wants_json(request):
        return JsonResponse({"liked": state.liked, "like_count": state.like_count})
    return redirect(safe_next(request, request.POST.get("next"), post.get_url(request) or "/"))


@require_POST
@login_required
def follow(request: HttpRequest, tutor_id: int) -> HttpResponse:
    tutor = services.published_tutor(tutor_id)
    if request.POST.get("following") == "1":
        services.follow(request.user, tutor)
    else:
        services.unfollow(request.user, tutor)
    if _wants_json(request):
        return JsonResponse(
            {
                "following": services.is_following(request.user, tutor.user_id),
                "followers_count": services.followers_count(tutor.user_id),
            }
        )
    return redirect(safe_next(request, request.POST.get("next"), tutor.get_url(request) or "/"))
