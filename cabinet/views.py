"""The cabinet's own pages: the learner's desk and their list of courses.

The cabinet sits above the learning apps: it reads their services and routes to their
views (orders, certificates) without them knowing about it.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.services import email_verified_shown
from community.services.feed import PREVIEW_SECONDS
from core import sites
from courses.models import TutorPage
from home import page_cache
from learning.enrollment import services as enrollment
from learning.homework import services as homework
from learning.schedule import services as schedule
from reviews import reading as reviews

from . import teacher_checklist


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    user = request.user
    groups = enrollment.cabinet_enrollments(user)
    context = {
        "email_verified": email_verified_shown(user),
        "current": groups["active"],
        "recently_completed": groups["completed"],
        # The cards are kept rendered for the person (core.personal) while these rows are the
        # ones shown (the clock decides which have ended) and no page is published.
        "shown": [e.pk for e in groups["active"]] + [e.pk for e in groups["completed"]],
        "content_counter": page_cache.CONTENT_KEY,
        "feed_seconds": PREVIEW_SECONDS,
        "resume": enrollment.continue_where_left_off(user),
        "teaching": (
            enrollment.teacher_courses(user, sites.active_locale())
            if user.role == "teacher"
            else []
        ),
        "invitations": schedule.open_invitation_count(user),
        "deadlines": homework.upcoming_deadlines(user),
        "next_lessons": schedule.next_lessons(user),
        "teacher_checklist": teacher_checklist.checklist_for(user),
    }
    return render(request, "cabinet/desk.html", context)


@login_required
@require_POST
def dismiss_teacher_checklist(request: HttpRequest) -> HttpResponse:
    teacher_checklist.dismiss(request.user)
    return redirect("cabinet:home")


@login_required
def my_courses(request: HttpRequest) -> HttpResponse:
    groups = enrollment.cabinet_enrollments(request.user)
    return render(request, "cabinet/my_courses.html", {"groups": groups})


MY_REVIEWS_PER_PAGE = 20


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The person's reviews in every state, with the moderator's reason when rejected.
    Three queries a page: the count, the reviews (course, tutor, reply joined), tutor pages."""
    page_obj = Paginator(reviews.written_by(request.user), MY_REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    items = list(page_obj.object_list)
    tutor_ids = {review.tutor_id for review in items if review.tutor_id}
    tutor_pages: dict[int, TutorPage] = {}
    if tutor_ids:
        language = request.LANGUAGE_CODE
        found = TutorPage.objects.live().filter(user_id__in=tutor_ids).defer_streamfields()
        for page in found.select_related("locale").order_by("pk"):
            if page.user_id not in tutor_pages or page.locale.language_code == language:
                tutor_pages[page.user_id] = page
    for review in items:
        review.target_page = review.course if review.course_id else tutor_pages.get(review.tutor_id)
    return render(request, "cabinet/my_reviews.html", {"reviews": items, "page_obj": page_obj})
