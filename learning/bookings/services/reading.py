"""Reading bookings: a person's own, as learner or tutor."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.permissions import is_signed_in

from ..models import Booking


def bookings_for(user, *, role: str = "") -> QuerySet[Booking]:
    """The bookings a person made (``role="learner"``), was asked for (``"tutor"``) or both,
    soonest lesson first, with the people and the order (one query)."""
    if not is_signed_in(user):
        return Booking.objects.none()
    mine = {"learner": Q(learner=user), "tutor": Q(tutor=user)}.get(
        role, Q(learner=user) | Q(tutor=user)
    )
    return (
        Booking.objects.filter(mine)
        .select_related("learner", "tutor", "order", "tutor_page")
        .order_by("-start", "-pk")
    )
