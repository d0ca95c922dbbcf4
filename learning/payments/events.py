"""What a Stripe webhook event must look like before the services act on it.

Stripe's signature proves who sent a body, not that the body is usable. Whatever is signed
but odd (a list instead of an object, no id or type, no data object, ids too long for our
columns, NUL characters PostgreSQL cannot store, a ``client_reference_id`` that is not one
of ours) is refused here with a ``MalformedEvent`` naming the reason, so the services only
ever see the shapes they read. Nothing here touches the database.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import MalformedEvent

# Stripe's ids: evt_…, cs_…, pi_…, ch_…, re_…; our columns hold 255 characters.
STRIPE_ID = re.compile(r"[A-Za-z0-9_\-]{1,255}")
EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,100}")
# What gateway.create_checkout_session sends: the order's id. Stripe allows other
# integrations on the account letters, digits, "-" and "_" (at most 200), which we ignore.
CLIENT_REFERENCE = re.compile(r"[A-Za-z0-9_\-]{1,200}")
ORDER_ID = re.compile(r"[0-9]{1,18}")  # fits a bigint; ASCII digits only ("²" is not one)

SESSION_TYPES = frozenset(
    {
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
        "checkout.session.expired",
    }
)
REFUND_TYPES = frozenset({"charge.refunded"})


def order_id(value: Any) -> int | None:
    """Our order's id when a reference or metadata value is one (else None: not ours)."""
    if isinstance(value, str) and ORDER_ID.fullmatch(value):
        return int(value)
    return None


def parse_event(data: Any) -> dict[str, Any]:
    """The event, if its shape is one the services can read; else MalformedEvent."""
    if not isinstance(data, dict):
        raise MalformedEvent("the body is not a JSON object")
    _refuse_nul(data)
    event_id = data.get("id")
    if not (isinstance(event_id, str) and STRIPE_ID.fullmatch(event_id)):
        raise MalformedEvent("no usable event id")
    event_type = data.get("type")
    if not (isinstance(event_type, str) and EVENT_TYPE.fullmatch(event_type)):
        raise MalformedEvent("no usable event type")
    body = data.get("data")
    obj = body.get("object") if isinstance(body, dict) else None
    if not isinstance(obj, dict):
        raise MalformedEvent("no data object")
    if event_type in SESSION_TYPES:
        _check_session(obj)
    elif event_type in REFUND_TYPES:
        _check_charge(obj)
    return data


def _refuse_nul(data: Any) -> None:
    """No NUL anywhere (keys or values): PostgreSQL text cannot hold one. No recursion: the
    body may be nested as deep as the JSON parser allowed."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if "\x00" in value:
                raise MalformedEvent("a NUL character in the body")
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _optional_id(obj: dict[str, Any], key: str, pattern: re.Pattern[str] = STRIPE_ID) -> None:
    value = obj.get(key)
    if value is not None and not (isinstance(value, str) and pattern.fullmatch(value)):
        raise MalformedEvent(f"an unusable {key}")


def _check_session(session: dict[str, Any]) -> None:
    if not (isinstance(session.get("id"), str) and STRIPE_ID.fullmatch(session["id"])):
        raise MalformedEvent("a Checkout session without a usable id")
    _optional_id(session, "payment_intent")
    _optional_id(session, "client_reference_id", CLIENT_REFERENCE)
    if not isinstance(session.get("payment_status"), str | None):
        raise MalformedEvent("an unusable payment_status")


def _check_charge(charge: dict[str, Any]) -> None:
    _optional_id(charge, "payment_intent")
    if not isinstance(charge.get("refunded", False), bool):
        raise MalformedEvent("an unusable refunded flag")
    metadata = charge.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise MalformedEvent("unusable metadata")
    refunds = charge.get("refunds")
    if refunds is None:
        return
    listed = refunds.get("data") if isinstance(refunds, dict) else None
    if not isinstance(listed, list | None) or any(
        not isinstance(refund, dict) for refund in listed or []
    ):
        raise MalformedEvent("an unusable refunds list")
    for refund in listed or []:
        _optional_id(refund, "id")
