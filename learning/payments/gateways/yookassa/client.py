"""The `yookassa` SDK made thread-safe: a client built per call with this site's keys and a
socket timeout, the SDK's Payment, Refund and Receipt bound to it (_Payment, _Refund,
_Receipt), and `_call`, which runs one SDK call and turns whatever goes wrong (an error
answer, no answer, an unreadable one) into a GatewayError.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import Any

import requests
from yookassa import Configuration, Payment, Receipt, Refund
from yookassa.client import ApiClient
from yookassa.domain.exceptions import ApiError

from ...errors import GatewayError
from .settings import api_base, is_configured, secret_key, shop_id

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20  # the SDK sets no socket timeout of its own

# The SDK keeps its configuration in class attributes (Configuration.configure is global),
# and each call builds an ApiClient that copies them when it is made. So each call here builds
# its own client under a module lock (configure, then copy) and runs with that copy: a thread
# never sends another's keys, a test's settings apply to its own calls, and no lock is held
# while the network is waited for.

_configure_lock = threading.Lock()


class _ApiClient(ApiClient):
    """The SDK's client with a socket timeout (the SDK's own "timeout" is the backoff of its
    retries of a 202 answer, not a timeout)."""

    def get_session(self) -> requests.Session:
        session = super().get_session()
        session.request = functools.partial(session.request, timeout=TIMEOUT_SECONDS)
        return session


def _client() -> ApiClient:
    if not is_configured():
        raise GatewayError("YOOKASSA_SHOP_ID and YOOKASSA_SECRET_KEY are not set")
    with _configure_lock:
        Configuration.configure(shop_id(), secret_key(), api_url=api_base())
        return _ApiClient()


class _Payment(Payment):
    def __init__(self) -> None:
        self.client = _client()


class _Refund(Refund):
    def __init__(self) -> None:
        self.client = _client()


class _Receipt(Receipt):
    def __init__(self) -> None:
        self.client = _client()


def _call(what: str, call, *args, **kwargs) -> Any:
    """The SDK's answer, or a GatewayError. The SDK raises ApiError for an error answer, and
    for a request that got no answer at all (refused, timed out) it fails reading the missing
    response's status (AttributeError); a body it cannot read is a ValueError or TypeError."""
    try:
        return call(*args, **kwargs)
    except ApiError as error:
        content = error.content or {}
        logger.warning("YooKassa %s failed: %s", what, content)
        raise GatewayError(str(content.get("description") or content.get("code") or error)) from (
            error
        )
    except (requests.RequestException, AttributeError, ValueError, TypeError) as error:
        logger.warning("YooKassa %s failed: %r", what, error)
        raise GatewayError(f"YooKassa {what} failed") from error
