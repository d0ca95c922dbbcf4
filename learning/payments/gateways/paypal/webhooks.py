"""PayPal's webhook deliveries: read, checked by PayPal itself, and what they are about.

The event's shape (``parse_event``), the signature headers it came with (``_transmission``),
PayPal's verify-webhook-signature call (``verify_event``; not among the SDK's calls, so it is
made with ``requests`` and the SDK's OAuth token), and the order a verified event is about
(``notice_for``).
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any

import requests
from apimatic_core.exceptions.auth_validation_exception import AuthValidationException

from ...errors import GatewayError, MalformedEvent, WebhookError
from ..base import Notice
from .client import TIMEOUT_SECONDS, _app_key, _client, _forget_token, _token_provider
from .settings import api_base, webhook_id
from .statuses import _link, _order_id

if TYPE_CHECKING:
    from collections.abc import Mapping


logger = logging.getLogger(__name__)

MAX_EVENT_BYTES = 256 * 1024  # PayPal's events are a few kilobytes
EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
EVENT_TYPE = re.compile(r"[A-Z][A-Z0-9_.]{0,99}")
MAX_HEADER = 4096
# The headers PayPal signs a delivery with, and the verify call's field for each.
TRANSMISSION_HEADERS = {
    "auth_algo": "paypal-auth-algo",
    "cert_url": "paypal-cert-url",
    "transmission_id": "paypal-transmission-id",
    "transmission_sig": "paypal-transmission-sig",
    "transmission_time": "paypal-transmission-time",
}
ORDER_EVENTS_PREFIX = "CHECKOUT.ORDER."
REFUND_EVENTS = frozenset({"PAYMENT.CAPTURE.REFUNDED", "PAYMENT.CAPTURE.REVERSED"})
CAPTURE_EVENTS_PREFIX = "PAYMENT.CAPTURE."


def parse_event(body: bytes) -> dict[str, Any]:
    """The delivered event, if it has the shape of one: an id, a type, a resource object,
    nothing outsized and no NUL (it is stored). Else MalformedEvent."""
    if len(body) > MAX_EVENT_BYTES:
        raise MalformedEvent("the body is too large")
    if b"\x00" in body or b"\\u0000" in body.lower():
        raise MalformedEvent("the body contains NUL")
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:  # RecursionError: nested thousands deep
        raise MalformedEvent("the body is not JSON") from error
    if not isinstance(data, dict):
        raise MalformedEvent("the body is not an object", data)
    event_id, event_type = data.get("id"), data.get("event_type")
    if not isinstance(event_id, str) or not EVENT_ID.fullmatch(event_id):
        raise MalformedEvent("no usable event id", data)
    if not isinstance(event_type, str) or not EVENT_TYPE.fullmatch(event_type):
        raise MalformedEvent("no usable event type", data)
    if not isinstance(data.get("resource"), dict):
        raise MalformedEvent("no resource object", data)
    return data


def _transmission(headers: Mapping[str, str]) -> dict[str, str]:
    """The delivery's signature headers (any case), each present and of a sane size."""
    lowered = {str(name).lower(): value for name, value in headers.items()}
    found = {}
    for field, header in TRANSMISSION_HEADERS.items():
        value = lowered.get(header)
        if not isinstance(value, str) or not value or len(value) > MAX_HEADER:
            logger.warning("Rejected a PayPal webhook: no %s header", header)
            raise WebhookError
        found[field] = value
    return found


def verify_event(body: bytes, transmission: dict[str, str]) -> None:
    """Ask PayPal whether it sent this very body with these headers to our webhook.

    A refusal (anything but SUCCESS, or PayPal rejecting the request) is a WebhookError;
    failing to ask (network, PayPal down, our credentials refused) is a GatewayError, so the
    delivery is answered with an error and PayPal delivers it again later.
    """
    fields = {**transmission, "webhook_id": webhook_id()}
    # The event goes back byte for byte as it came: PayPal checks its signature over the
    # body it sent, and a re-serialized copy (other spacing, key order, number format) can
    # fail that check. The body was parsed as a JSON object, so splicing it in is safe.
    payload = json.dumps(fields)[:-1].encode() + b', "webhook_event": ' + body + b"}"
    for attempt in (1, 2):
        try:
            # The SDK's OAuth client credentials (and its kept token): the check itself is
            # not among the SDK's calls.
            client = _client()
            token = _token_provider(_app_key())(None, client.oauth_2)
            response = requests.post(
                f"{api_base()}/v1/notifications/verify-webhook-signature",
                data=payload,
                headers={
                    "Authorization": f"Bearer {token.access_token}",
                    "Content-Type": "application/json",
                },
                timeout=TIMEOUT_SECONDS,
            )
        except (AuthValidationException, requests.RequestException, ValueError) as error:
            logger.warning("PayPal webhook check failed: %s", error)
            raise GatewayError("PayPal webhook check failed") from error
        if response.status_code == 401 and attempt == 1:
            _forget_token()
            continue
        break
    if response.status_code in {401, 403, 429} or response.status_code >= 500:
        logger.warning("PayPal webhook check failed: HTTP %s", response.status_code)
        raise GatewayError("PayPal webhook check failed")
    try:
        status = response.json().get("verification_status") if response.ok else None
    except (ValueError, AttributeError):
        status = None
    if status != "SUCCESS":
        logger.warning(
            "Rejected a PayPal webhook: HTTP %s, %s", response.status_code, status or "no status"
        )
        raise WebhookError


def _related(resource: dict[str, Any], name: str) -> str:
    supplementary = resource.get("supplementary_data")
    related = supplementary.get("related_ids") if isinstance(supplementary, dict) else None
    value = related.get(name) if isinstance(related, dict) else None
    return value if isinstance(value, str) else ""


def _capture_of_refund(resource: dict[str, Any]) -> str:
    """A refund's capture: named in its related ids, else its "up" link (…/captures/{id})."""
    capture_id = _related(resource, "capture_id")
    if capture_id:
        return capture_id
    href = _link(resource, "up")
    match = re.search(r"/v2/payments/captures/([A-Za-z0-9]+)$", href)
    return match.group(1) if match else ""


def notice_for(event: dict[str, Any]) -> Notice:
    """Which order's payment a verified event is about (the status is fetched back)."""
    event_type = event["event_type"]
    resource = event["resource"]
    resource_id = resource.get("id") if isinstance(resource.get("id"), str) else ""
    checkout_id = payment_id = refund_id = ""
    order_id = None
    if event_type.startswith(ORDER_EVENTS_PREFIX):
        checkout_id = resource_id
        units = resource.get("purchase_units")
        unit = units[0] if isinstance(units, list) and units and isinstance(units[0], dict) else {}
        order_id = _order_id(unit.get("custom_id") or unit.get("reference_id"))
    elif event_type in REFUND_EVENTS:
        refund_id = resource_id
        payment_id = _capture_of_refund(resource)
        checkout_id = _related(resource, "order_id")
        order_id = _order_id(resource.get("custom_id"))
    elif event_type.startswith(CAPTURE_EVENTS_PREFIX):
        payment_id = resource_id
        checkout_id = _related(resource, "order_id")
        order_id = _order_id(resource.get("custom_id"))
    return Notice(
        key=event["id"],
        event=event_type,
        checkout_id=checkout_id,
        payment_id=payment_id,
        refund_id=refund_id,
        order_id=order_id,
        extra={"event": event},
    )
