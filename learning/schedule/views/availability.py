"""A tutor's "My availability" page: weekly hours and date exceptions (services do the rest)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.errors import DomainError

from .. import services
from ..forms import AvailabilityForm
from ..permissions import require_can_set_availability
from .common import apply_errors


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def availability(request: HttpRequest) -> HttpResponse:
    require_can_set_availability(request.user)
    current = services.availability_of(request.user)
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None,
        initial=AvailabilityForm.initial_for(current),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_availability(
                request.user,
                timezone=data["timezone"],
                ranges=[services.Hours(a, b, weekday=day) for day, a, b in data["ranges"]],
                exceptions=[services.Hours(a, b, date=day) for day, a, b in data["dates"]],
            )
        except (ValidationError, DomainError) as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your available hours are saved."))
            return redirect("schedule:availability")
    return render(request, "schedule/availability.html", {"form": form})
