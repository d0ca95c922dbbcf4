"""Bookings on the site: pick a tutor's free slot and book it; "My bookings", where the tutor
confirms or declines and the learner cancels. Every rule is the services'; a refusal is
shown on the page it came from."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from courses.models import TutorPage
from learning.payments.services import return_urls
from learning.schedule.services import free_slots

from . import services
from .app_settings import app_settings
from .models import ACTIVE, Booking
from .permissions import can_answer, can_cancel

ZONES = sorted(zone for zone in available_timezones() if "/" in zone and "Etc" not in zone)


def _zone(request: HttpRequest) -> str:
    """The learner's time zone for the slots: ?tz=, else the site's."""
    name = (request.GET.get("tz") or request.POST.get("tz") or "").strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return settings.TIME_ZONE
    return name if name in ZONES or name == settings.TIME_ZONE else settings.TIME_ZONE


def _days(tutor, zone: str) -> list[tuple]:
    """The tutor's free slots of the booking window, by day in the learner's zone."""
    now = timezone.now()
    end = now + timedelta(days=app_settings.BOOKINGS_WINDOW_DAYS)
    minutes = app_settings.BOOKINGS_LESSON_MINUTES
    tz = ZoneInfo(zone)
    days: dict = {}
    for slot in free_slots(tutor, now, end, slot_minutes=minutes):
        local = slot.start.astimezone(tz)
        days.setdefault(local.date(), []).append((local, slot.end.astimezone(tz)))
    return sorted(days.items())


@login_required
def book(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(TutorPage.objects.live().public(), pk=page_id, user__isnull=False)
    zone = _zone(request)
    if request.method == "POST":
        start = parse_datetime(request.POST.get("start", "") or "")
        kind = request.POST.get("kind", "")
        if start is None:
            messages.error(request, _("Choose a time."))
        else:
            success_url, cancel_url = return_urls(request)
            try:
                booking, checkout_url = services.book(
                    request.user, page, start, kind, success_url=success_url, cancel_url=cancel_url
                )
            except DomainError as error:
                messages.error(request, str(error))
            else:
                if checkout_url:
                    return redirect(checkout_url)
                messages.success(
                    request, _("Booked. The tutor will confirm the lesson; we will tell you.")
                )
                return redirect("bookings:mine")
    context = {
        "page": page,
        "days": _days(page.user, zone),
        "zone": zone,
        "zones": ZONES,
        "kinds": Booking.Kind.choices,
        "trial_used": Booking.objects.filter(
            learner=request.user, tutor=page.user, kind=Booking.Kind.TRIAL, status__in=ACTIVE
        ).exists(),
    }
    return render(request, "bookings/book.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    if role not in ("", "learner", "tutor"):
        raise Http404
    bookings = services.bookings_for(request.user, role=role)
    page_obj = Paginator(bookings, 20).get_page(request.GET.get("page"))
    rows = [
        (b, can_answer(request.user, b), can_cancel(request.user, b)) for b in page_obj.object_list
    ]
    return render(request, "bookings/mine.html", {"page_obj": page_obj, "rows": rows, "role": role})


ACTIONS = {"confirm", "decline", "cancel"}


@require_POST
@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    booking = Booking.objects.select_related("learner", "tutor", "order").filter(pk=pk).first()
    if booking is None:
        raise Http404
    try:
        if action == "confirm":
            services.confirm(request.user, booking)
            messages.success(request, _("Confirmed: the lesson is in both calendars."))
        elif action == "decline":
            services.decline(request.user, booking, request.POST.get("reason", ""))
            messages.success(request, _("Declined. The learner has been told."))
        else:
            services.cancel(request.user, booking)
            messages.success(request, _("Your booking is cancelled."))
    except DomainError as error:
        if error.status == 404:
            raise Http404 from error
        messages.error(request, str(error))
    except ValidationError as error:  # the timetable's field errors (a lesson it refused)
        messages.error(request, " ".join(error.messages))
    return redirect("bookings:mine")
