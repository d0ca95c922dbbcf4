"""Notifications from the gateways that do not carry proof of a state (YooKassa, PayPal).

The gateway checks the delivery (YooKassa: the sender's address is in its published ranges;
PayPal: its verify-webhook-signature call) and says which order's payment it is about. The
services then fetch the payment's status from the gateway's API and act only on that: a
notification that lies about a status changes nothing, and deliveries duplicated or out of
order all end in the state the gateway reports. Each delivery is recorded once by its key
after it was applied; a repeat is answered without asking the gateway again.

Stripe's events are signed and carry the state: they go through ``webhooks``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import gateways
from ..errors import GatewayError, PaymentServiceUnavailable
from ..gateways import Notice, State
from ..models import GatewayNotification, Order
from .fulfilment import apply_status

logger = logging.getLogger(__name__)


def receive_notification(
    gateway_name: str, body: bytes, headers: Mapping[str, str], remote_addr: str
) -> bool:
    """Check, apply and record one delivery. Returns False for a repeated one.

    Raises WebhookError (the delivery does not check out), MalformedEvent (genuine but
    unusable), PaymentServiceUnavailable (the gateway's API could not be asked: the gateway
    delivers again later, and nothing was recorded).
    """
    gateway = gateways.get(gateway_name)
    notice = gateway.read_notification(body, headers, remote_addr)
    seen = GatewayNotification.objects.filter(gateway=gateway_name, key=notice.key[:255])
    if seen.filter(processed_at__isnull=False).exists():
        return False
    order = apply_notice(gateway_name, notice)
    try:
        with transaction.atomic():
            GatewayNotification.objects.create(
                gateway=gateway_name,
                key=notice.key[:255],
                event=notice.event[:100],
                order=order,
                processed_at=timezone.now(),
            )
    except IntegrityError:
        return False  # a simultaneous delivery of the same recorded it first
    return True


def find_order(gateway_name: str, notice: Notice) -> Order | None:
    """The order a notice is about: by the gateway's checkout or payment id, else by our
    own id the gateway carried (a checkout whose id was not saved yet)."""
    orders = Order.objects.filter(gateway=gateway_name)
    ids = Q()
    if notice.checkout_id:
        ids |= Q(checkout_id=notice.checkout_id)
    if notice.payment_id:
        ids |= Q(payment_id=notice.payment_id)
    order = orders.filter(ids).first() if ids else None
    if order is None and notice.order_id is not None:
        order = orders.filter(pk=notice.order_id).first()
    return order


def apply_notice(gateway_name: str, notice: Notice) -> Order | None:
    """Fetch the order's payment from the gateway and record it (see ``apply_status``).

    A held payment (two-stage) is captured while the order still wants it, else let go.
    """
    order = find_order(gateway_name, notice)
    if order is None:
        logger.info("A %s notification %s names no order of ours", gateway_name, notice.key)
        return None
    if not order.checkout_id:
        return order  # its page is being made; the success page or the sweep will see it
    return refresh(order)


def refresh(order: Order) -> Order:
    """Ask the gateway for the order's payment now and record it; capture a held one."""
    gateway = gateways.get(order.gateway)
    try:
        status = gateway.fetch(order)
        if status.state == State.AUTHORIZED:
            status = gateway.capture(order)
    except GatewayError as error:
        logger.warning("Could not ask %s about order %s: %s", order.gateway, order.pk, error)
        raise PaymentServiceUnavailable from error
    if status.checkout_id and status.checkout_id != order.checkout_id:
        logger.error("%s answered for another checkout than order %s's", order.gateway, order.pk)
        return order
    return apply_status(order.gateway, status) or order
