"""The product's own settings from the environment: payments, the public address,
certificates, the page cache, homework, the timetable and the Zoom pool (each app declares its
defaults again in its app_settings.py; this is where the environment reaches them)."""

from .environment import env


def _check_yookassa_settings() -> None:
    """Refuse to start with a YooKassa setting its API would refuse (or print wrongly)."""
    import ipaddress
    import re

    from django.core.exceptions import ImproperlyConfigured

    modes = {
        "full_prepayment",
        "partial_prepayment",
        "advance",
        "full_payment",
        "partial_payment",
        "credit",
        "credit_payment",
    }
    problems = []
    if not 1 <= YOOKASSA_VAT_CODE <= 12:
        problems.append("YOOKASSA_VAT_CODE must be 1-12")
    if not 0 <= YOOKASSA_TAX_SYSTEM_CODE <= 6:
        problems.append("YOOKASSA_TAX_SYSTEM_CODE must be 0 (not sent) or 1-6")
    if YOOKASSA_PAYMENT_MODE not in modes:
        problems.append(f"YOOKASSA_PAYMENT_MODE must be one of {', '.join(sorted(modes))}")
    if not re.fullmatch(r"[a-z][a-z_\-]{1,63}", YOOKASSA_PAYMENT_SUBJECT):
        problems.append("YOOKASSA_PAYMENT_SUBJECT must be a payment subject such as service")
    for network in YOOKASSA_NOTIFICATION_IPS:
        try:
            ipaddress.ip_network(network.strip(), strict=False)
        except ValueError:
            problems.append(f"YOOKASSA_NOTIFICATION_IPS: {network!r} is not an address or network")
    if problems:
        raise ImproperlyConfigured("; ".join(problems))


# --- Site, payments, certificates, page cache -----------------------------------------------

# Stripe Checkout. Without both keys paid courses say that payment is not configured.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
# YooKassa (bank cards, SBP, YooMoney; RUB). Without the shop id and key it is not offered.
YOOKASSA_SHOP_ID = env.str("YOOKASSA_SHOP_ID", default="")
YOOKASSA_SECRET_KEY = env.str("YOOKASSA_SECRET_KEY", default="")
YOOKASSA_API_BASE = env.str("YOOKASSA_API_BASE", default="https://api.yookassa.ru/v3")
YOOKASSA_TWO_STAGE = env.bool("YOOKASSA_TWO_STAGE", default=False)
# Its notifications are not signed: only these senders are heard (YooKassa's published list).
YOOKASSA_NOTIFICATION_IPS = env.list(
    "YOOKASSA_NOTIFICATION_IPS",
    default=[
        "185.71.76.0/27",
        "185.71.77.0/27",
        "77.75.153.0/25",
        "77.75.156.11",
        "77.75.156.35",
        "77.75.154.128/25",
        "2a02:5180::/32",
    ],
)
# The 54-FZ receipt sent with each payment and refund (checked here: a wrong value would
# print a wrong tax document, so the site refuses to start with one).
YOOKASSA_RECEIPTS = env.bool("YOOKASSA_RECEIPTS", default=True)
YOOKASSA_TAX_SYSTEM_CODE = env.int("YOOKASSA_TAX_SYSTEM_CODE", default=0)
YOOKASSA_VAT_CODE = env.int("YOOKASSA_VAT_CODE", default=1)
YOOKASSA_PAYMENT_SUBJECT = env.str("YOOKASSA_PAYMENT_SUBJECT", default="service")
YOOKASSA_PAYMENT_MODE = env.str("YOOKASSA_PAYMENT_MODE", default="full_payment")
_check_yookassa_settings()
# PayPal (Orders v2). Off until the client id, the secret and the webhook's id are all set;
# the sandbox is https://api-m.sandbox.paypal.com.
PAYPAL_CLIENT_ID = env.str("PAYPAL_CLIENT_ID", default="")
PAYPAL_CLIENT_SECRET = env.str("PAYPAL_CLIENT_SECRET", default="")
PAYPAL_WEBHOOK_ID = env.str("PAYPAL_WEBHOOK_ID", default="")
PAYPAL_API_BASE = env.str("PAYPAL_API_BASE", default="https://api-m.paypal.com")
# The public address (canonical, og:url, sitemap, e-mails, certificate links; empty:
# WAGTAILADMIN_BASE_URL).
SITE_URL = env.str("SITE_URL", default="")
# Where DejaVuSans.ttf is (Debian's fonts-dejavu-core by default): Cyrillic in the PDFs.
CERTIFICATES_FONT_DIR = env.str("CERTIFICATES_FONT_DIR", default="")
# Anonymous visitors get whole pages from the cache; any publish empties it (home.page_cache).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# --- Homework -------------------------------------------------------------------------------

# The largest file a learner may hand in (bytes); the kind is checked by content.
HOMEWORK_MAX_UPLOAD_SIZE = env.int("HOMEWORK_MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# --- Timetable ------------------------------------------------------------------------------

# Students and the teacher are reminded this many minutes before each lesson (once).
LESSON_REMINDER_MINUTES = env.int("LESSON_REMINDER_MINUTES", default=60)
SCHEDULE_INVITATION_DAYS = env.int("SCHEDULE_INVITATION_DAYS", default=14)
SCHEDULE_INVITATIONS_PER_DAY = env.int("SCHEDULE_INVITATIONS_PER_DAY", default=200)
# --- Bookings of tutors' free slots --------------------------------------------------------

# A tutor answers a booking within this many hours (never past the lesson's start); a paid
# booking holds its slot this many minutes while the learner pays.
BOOKINGS_CONFIRM_HOURS = env.int("BOOKINGS_CONFIRM_HOURS", default=24)
BOOKINGS_PAYMENT_HOLD_MINUTES = env.int("BOOKINGS_PAYMENT_HOLD_MINUTES", default=30)
# --- Analytics --------------------------------------------------------------------------------

# Raw course page views are deleted this many days after their day was rolled up into the
# daily aggregates the dashboards read (the aggregates stay).
ANALYTICS_RAW_VIEWS_RETENTION_DAYS = env.int("ANALYTICS_RAW_VIEWS_RETENTION_DAYS", default=90)
# --- The Zoom account pool ------------------------------------------------------------------

# Fernet key(s), comma-separated (the first encrypts; the rest still decrypt, for rotation).
# Empty: derived from SECRET_KEY (production should set its own: see README).
ZOOMPOOL_ENCRYPTION_KEY = env.str("ZOOMPOOL_ENCRYPTION_KEY", default="")
ZOOM_API_BASE_URL = env.str("ZOOM_API_BASE_URL", default="https://api.zoom.us/v2")
ZOOM_OAUTH_URL = env.str("ZOOM_OAUTH_URL", default="https://zoom.us/oauth/token")
# True: a lesson the pool cannot host at its time is refused instead of warned about.
ZOOMPOOL_CAPACITY_HARD_LIMIT = env.bool("ZOOMPOOL_CAPACITY_HARD_LIMIT", default=False)
# "Start lesson" waits this long for Zoom; at most this many web requests wait on Zoom at once
# (keep it below gunicorn's workers); the breaker pauses calls for BREAKER_SECONDS after
# BREAKER_FAILURES calls in a row got no answer (learning/zoompool/breaker.py).
ZOOMPOOL_START_TIMEOUT_SECONDS = env.float("ZOOMPOOL_START_TIMEOUT_SECONDS", default=5.0)
ZOOMPOOL_ZOOM_CALLS_AT_ONCE = env.int("ZOOMPOOL_ZOOM_CALLS_AT_ONCE", default=2)
ZOOMPOOL_BREAKER_FAILURES = env.int("ZOOMPOOL_BREAKER_FAILURES", default=2)
ZOOMPOOL_BREAKER_SECONDS = env.int("ZOOMPOOL_BREAKER_SECONDS", default=30)
