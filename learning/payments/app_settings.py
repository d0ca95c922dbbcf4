"""Payments' settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting


class PaymentsSettings(AppSettings):
    PAYMENT_GATEWAYS = Setting(
        str,
        "yookassa,stripe,paypal",
        "The gateways offered at checkout, preferred first (each only when its keys are set "
        "and it takes the course's currency).",
    )
    STRIPE_SECRET_KEY = Setting(str, "", "Stripe's secret key; empty: paid checkout is off.")
    STRIPE_WEBHOOK_SECRET = Setting(str, "", "The signing secret of the Stripe webhook endpoint.")
    STRIPE_API_BASE = Setting(
        str, "https://api.stripe.com", "Stripe's API origin (tests point it at a local server)."
    )
    PAYPAL_CLIENT_ID = Setting(str, "", "The PayPal REST app's client id; empty: PayPal is off.")
    PAYPAL_CLIENT_SECRET = Setting(str, "", "The PayPal REST app's secret.")
    PAYPAL_WEBHOOK_ID = Setting(
        str, "", "The id PayPal gave the webhook (its signatures are checked against it)."
    )
    PAYPAL_API_BASE = Setting(
        str,
        "https://api-m.paypal.com",
        "PayPal's API origin: live, https://api-m.sandbox.paypal.com for the sandbox (tests "
        "point it at a local server).",
    )

    YOOKASSA_SHOP_ID = Setting(str, "", "YooKassa's shop id (shopId); empty: YooKassa is off.")
    YOOKASSA_SECRET_KEY = Setting(str, "", "YooKassa's secret key (the shop's API key).")
    YOOKASSA_API_BASE = Setting(
        str,
        "https://api.yookassa.ru/v3",
        "YooKassa's API base, with /v3 (tests point it at a local server).",
    )
    YOOKASSA_TWO_STAGE = Setting(
        bool,
        False,
        "True: a payment is held on the card (waiting for capture) and taken by a capture; "
        "False: taken at once.",
    )
    YOOKASSA_NOTIFICATION_IPS = Setting(
        list,
        [
            "185.71.76.0/27",
            "185.71.77.0/27",
            "77.75.153.0/25",
            "77.75.156.11",
            "77.75.156.35",
            "77.75.154.128/25",
            "2a02:5180::/32",
        ],
        "The addresses YooKassa sends notifications from (its published list); notifications "
        "are not signed, so any other sender is refused.",
    )
    YOOKASSA_RECEIPTS = Setting(
        bool,
        True,
        "Send the 54-FZ receipt with every payment and refund (Чеки от ЮKassa or a "
        "cash register connected to YooKassa).",
    )
    YOOKASSA_TAX_SYSTEM_CODE = Setting(
        int,
        0,
        "The shop's tax system in the receipt (1 ОСН, 2 УСН доходы, 3 УСН доходы минус "
        "расходы, 4 ЕНВД, 5 ЕСХН, 6 ПСН); 0: not sent (the register's own setting applies).",
    )
    YOOKASSA_VAT_CODE = Setting(
        int, 1, "The receipt item's VAT code, 1-12 (1: без НДС; 4: 20%; 11: 22%)."
    )
    YOOKASSA_PAYMENT_SUBJECT = Setting(
        str, "service", "The receipt item's payment subject (tag 1212): service, commodity, ..."
    )
    YOOKASSA_PAYMENT_MODE = Setting(
        str, "full_payment", "The receipt item's payment mode (tag 1214): full_payment, ..."
    )


app_settings = PaymentsSettings()
