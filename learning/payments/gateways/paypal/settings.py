"""PayPal's configuration, read from the app's settings on every call (tests change them).

PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET (the app's OAuth client credentials),
PAYPAL_WEBHOOK_ID (the webhook PayPal verifies deliveries against) and PAYPAL_API_BASE (live,
the sandbox, or a local stand-in in tests), and whether the gateway is configured at all.
"""

from __future__ import annotations

from ...app_settings import app_settings

DEFAULT_API_BASE = "https://api-m.paypal.com"
SANDBOX_API_BASE = "https://api-m.sandbox.paypal.com"


def client_id() -> str:
    return app_settings.PAYPAL_CLIENT_ID or ""


def client_secret() -> str:
    return app_settings.PAYPAL_CLIENT_SECRET or ""


def webhook_id() -> str:
    return app_settings.PAYPAL_WEBHOOK_ID or ""


def api_base() -> str:
    return (app_settings.PAYPAL_API_BASE or DEFAULT_API_BASE).rstrip("/")


def is_configured() -> bool:
    """The app's credentials to take payments and the webhook's id to hear their outcome."""
    return bool(client_id() and client_secret() and webhook_id())
