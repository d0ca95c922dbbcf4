"""YooKassa's notifications, which are not signed: whether one comes from YooKassa's
published addresses (YOOKASSA_NOTIFICATION_IPS), and the parsing of its body into a
notification the services can read (an event we handle about an object with sane ids),
refusing anything else as MalformedEvent.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import logging
import re
from typing import Any

from ... import events
from ...app_settings import app_settings
from ...errors import MalformedEvent

logger = logging.getLogger(__name__)

PAYMENT_EVENTS = frozenset({"payment.succeeded", "payment.canceled", "payment.waiting_for_capture"})
REFUND_EVENTS = frozenset({"refund.succeeded"})
# YooKassa's ids: UUID-like ("2a4f…-000f-5000-9000-…"), receipts "rt-…"; bounded well
# inside our 255-character columns.
OBJECT_ID = re.compile(r"[A-Za-z0-9_\-]{1,64}")
NOTIFICATION_MAX_BYTES = 256 * 1024


@functools.cache
def _networks(
    ranges: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in ranges if item)


def from_yookassa(remote_addr: str) -> bool:
    """The address is inside YOOKASSA_NOTIFICATION_IPS (an IPv4 address seen as IPv6,
    ::ffff:a.b.c.d, counts as itself)."""
    try:
        address = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    configured = app_settings.YOOKASSA_NOTIFICATION_IPS
    if isinstance(configured, str):
        configured = configured.split(",")
    try:
        networks = _networks(tuple(str(item).strip() for item in configured))
    except ValueError as error:
        logger.error("YOOKASSA_NOTIFICATION_IPS is not a list of networks: %s", error)
        return False
    return any(address in network for network in networks)


def _object_id(obj: dict[str, Any], name: str) -> str:
    value = obj.get(name)
    if not (isinstance(value, str) and OBJECT_ID.fullmatch(value)):
        raise MalformedEvent(f"no usable object {name}")
    return value


def parse_notification(body: bytes) -> dict[str, Any]:
    """The notification, if it is one the services can read (an event we handle about an
    object with sane ids); else MalformedEvent carrying what parsed."""
    if len(body) > NOTIFICATION_MAX_BYTES:
        raise MalformedEvent("the body is too large")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nested thousands deep
        raise MalformedEvent("the body is not JSON") from error
    try:
        if not isinstance(data, dict):
            raise MalformedEvent("the body is not a JSON object")
        events._refuse_nul(data)  # the same check as Stripe events get
        if data.get("type") != "notification":
            raise MalformedEvent("not a notification")
        event = data.get("event")
        if not isinstance(event, str) or event not in PAYMENT_EVENTS | REFUND_EVENTS:
            raise MalformedEvent("not an event we handle")
        obj = data.get("object")
        if not isinstance(obj, dict):
            raise MalformedEvent("no object")
        _object_id(obj, "id")
        if event in REFUND_EVENTS:
            _object_id(obj, "payment_id")
        metadata = obj.get("metadata")
        if metadata is not None and not isinstance(metadata, dict):
            raise MalformedEvent("metadata is not an object")
    except MalformedEvent as error:
        error.data = data
        raise
    return data
