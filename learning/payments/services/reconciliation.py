"""The daily sweep: orders still pending an hour after their page was made are asked about
at their gateway, so a notification that never arrived (the site was down, a proxy lost it)
does not leave a paid learner without their course, or a refund unrecorded."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from .. import gateways
from ..errors import PaymentError
from ..models import Order
from .notifications import refresh

logger = logging.getLogger(__name__)

PENDING_FOR = timedelta(hours=1)
LOOK_BACK = timedelta(days=7)  # older pending pages have long closed at every gateway


@dataclass
class Reconciled:
    asked: int = 0
    healed: dict[str, str] = field(default_factory=dict)  # order id → its new status
    failed: list[int] = field(default_factory=list)  # the gateway could not be asked


def reconcile(now=None) -> Reconciled:
    """Ask each configured gateway about orders pending for more than an hour (made within
    the week) and record what it says; logs every order whose state changed."""
    now = now or timezone.now()
    configured = [gateway.name for gateway in gateways.GATEWAYS.values() if gateway.is_configured()]
    pending = Order.objects.filter(
        status=Order.Status.PENDING,
        gateway__in=configured,
        created_at__lte=now - PENDING_FOR,
        created_at__gte=now - LOOK_BACK,
    ).exclude(checkout_id="")
    result = Reconciled()
    for order in pending.order_by("pk").iterator():
        result.asked += 1
        try:
            after = refresh(order)
        except PaymentError as error:
            result.failed.append(order.pk)
            logger.warning("Reconciliation could not ask about order %s: %s", order.pk, error)
            continue
        if after.status != Order.Status.PENDING:
            result.healed[str(order.pk)] = after.status
            logger.info(
                "Reconciliation: order %s (%s) was %s at the gateway: recorded",
                order.pk,
                order.gateway,
                after.status,
            )
    return result
