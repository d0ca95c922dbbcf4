"""Site pages: "Find me a tutor", the learner's requests and each request's page (matches
and offers side by side; a tutor's own offer), and the tutors' "Requests" board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Locale

from core import sites
from core.errors import DomainError
from courses.paging import paginate
from learning.schedule.views.common import apply_errors

from . import services
from .forms import OfferForm, RequestForm
from .permissions import is_tutor


def _locale() -> Locale | None:
    try:
        return sites.active_locale()
    except Locale.DoesNotExist:
        return None


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def new_request(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST if request.method == "POST" else None,
        locale=_locale(),
        initial={
            "start_date": timezone.localdate(),
            "language": request.LANGUAGE_CODE,
            "timezone": timezone.get_current_timezone_name(),  # the site's, not the list's first
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            posted = services.post_request(
                request.user,
                subject=data["subject"],
                level=data["level"],
                goal=data["goal"],
                format=data["format"],
                budget=data["budget"],
                currency=data["currency"],
                language=data["language"],
                start_date=data["start_date"],
                timezone_name=data["timezone"],
                windows=data["windows"],
            )
        except (ValidationError, DomainError) as error:
            apply_errors(form, error, rename={"windows": "day_0", "timezone_name": "timezone"})
        else:
            messages.success(request, _("Your request is posted. Tutors will answer here."))
            return redirect("tutoring:request", request_id=posted.pk)
    return render(request, "tutoring/request_form.html", {"form": form})


@never_cache
@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    page = paginate(services.requests_of(request.user), request)
    return render(request, "tutoring/my_requests.html", {"page": page})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = services.get_request(request.user, request_id)
    context: dict = {"tutor_request": found}
    if found.learner_id == request.user.pk:
        context["offers"] = list(services.offers_for(request.user, found))
        context["matches"] = (
            services.matches_for(request.user, found, limit=10) if found.is_open else []
        )
        return render(request, "tutoring/request_learner.html", context)
    # A tutor of the subject: their own offer, or the form to make one.
    own = services.own_offer(request.user, found)
    context["my_offer"] = own
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        initial={"currency": found.currency},
    )
    if request.method == "POST" and form.is_valid() and not own:
        data = form.cleaned_data
        try:
            services.make_offer(
                request.user,
                found,
                message=data["message"],
                price=data["price"],
                currency=data["currency"],
                times=data["times"],
            )
        except (ValidationError, DomainError) as error:
            apply_errors(form, error, rename={"times": "time_0"})
        else:
            messages.success(request, _("Your offer is sent."))
            return redirect("tutoring:request", request_id=found.pk)
    context["form"] = form
    return render(request, "tutoring/request_tutor.html", context)


@require_POST
@login_required
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    services.close_request(request.user, services.get_request(request.user, request_id))
    messages.success(request, _("The request is closed."))
    return redirect("tutoring:mine")


@require_POST
@login_required
def offer_accept(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = services.get_offer(request.user, offer_id)
    conversation = services.accept_offer(request.user, offer)
    messages.success(
        request, _("You accepted the offer. A conversation with the tutor is open in Messages.")
    )
    # Straight into the conversation: the next step is agreeing on the first lesson.
    return redirect("cabinet:conversation", conversation_id=conversation.pk)


@require_POST
@login_required
def offer_withdraw(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = services.get_offer(request.user, offer_id)
    services.withdraw_offer(request.user, offer)
    messages.success(request, _("Your offer is withdrawn."))
    return redirect("tutoring:board")


@require_POST
@login_required
def offer_schedule(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = services.get_offer(request.user, offer_id)
    services.schedule_from_offer(request.user, offer)
    messages.success(request, _("The lessons are on your timetable."))
    return redirect("schedule:calendar")


@never_cache
@login_required
def board(request: HttpRequest) -> HttpResponse:
    if not is_tutor(request.user):
        return render(request, "tutoring/board.html", {"not_tutor": True})
    page = paginate(services.requests_board(request.user), request)
    accepted = services.accepted_offers(request.user)
    return render(request, "tutoring/board.html", {"page": page, "accepted": accepted})
