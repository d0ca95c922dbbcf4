"""Settings shared by every environment.

All configuration is read from environment variables (django-environ, `environment.py`),
with the embedded defaults of DESIGN.md: SQLite under var/, local-memory cache, eager Celery
tasks, media on local disk, console e-mail. Infrastructure switches on when its variable is
present. This file holds Django's frame (apps, middleware, templates, data, e-mail);
each other concern has its module here, gathered at the end.
"""

from .environment import BASE_DIR, PROJECT_DIR, VAR_DIR, env  # noqa: F401 (dev/test use them)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    # Channels' server first: `runserver` then serves the ASGI application, WebSockets too.
    "daphne",
    # Project apps first so their templates and translations win; lowest layer first
    # (docs/architecture.md).
    "core",
    "accounts",
    "home",
    "courses",
    "blog",
    "videos",
    "learning.enrollment",
    "learning.payments",
    "learning.certificates",
    "learning.homework",
    "learning.schedule",
    "learning.zoompool",
    "learning.bookings",
    "learning.grades",
    "learning.analytics",
    "comments",
    "reviews",
    "messaging",
    "tutoring",
    "community",
    "materials",
    "cabinet",
    "search",
    "members",
    "demo",
    "api",
    "ops",
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtailmedia",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app with the user screens of accounts.admin_views.
    "accounts.apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Sign-in
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.vk",
    "allauth.socialaccount.providers.yandex",
    "axes",
    # API
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
]

MIDDLEWARE = [
    # First: the request id every log line of the request carries, and the request's metrics.
    "core.observability.middleware.RequestMiddleware",
    # Answers asked for more than once in a request (enrollment, access), kept until its end.
    "core.memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it serves and stores pages for anonymous visitors only.
    "home.page_cache.AnonymousPageCacheMiddleware",
    # The request's Wagtail site and root paths from the process's checked copy (no query).
    "core.sites.SiteDirectoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A domain error a view lets through becomes a page with its message and status.
    "core.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so it sees the lockout flag set while the view authenticated.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
# --- Data -----------------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {"default": env.cache_url("CACHE_URL")}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.observability.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "core.observability.cache.LocMemCache"}}
# --- E-mail ---------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ustat <noreply@ustat.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Each concern's settings ------------------------------------------------------------------

from .api import *  # noqa: E402, F403
from .channels import *  # noqa: E402, F403
from .features import *  # noqa: E402, F403
from .languages import *  # noqa: E402, F403
from .observability import *  # noqa: E402, F403
from .security import *  # noqa: E402, F403
from .signin import *  # noqa: E402, F403
from .storage import *  # noqa: E402, F403
from .tasks import *  # noqa: E402, F403
from .wagtail import *  # noqa: E402, F403
