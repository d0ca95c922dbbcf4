"""The product's own settings from the environment: payments, the public address,
certificates, the page cache, homework, the timetable and the Zoom pool (each app declares its
defaults again in its app_settings.py; this is where the environment reaches them)."""

from .environment import env

# --- Site, payments, certificates, page cache -----------------------------------------------

# Stripe Checkout. Without both keys paid courses say that payment is not configured.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
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
