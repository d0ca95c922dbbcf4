"""Payments' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class PaymentsSettings(AppSettings):
    STRIPE_SECRET_KEY = Setting(str, "", "Stripe's secret key; empty: paid checkout is off.")
    STRIPE_WEBHOOK_SECRET = Setting(str, "", "The signing secret of the Stripe webhook endpoint.")
    STRIPE_API_BASE = Setting(
        str, "https://api.stripe.com", "Stripe's API origin (tests point it at a local server)."
    )


app_settings = PaymentsSettings()
