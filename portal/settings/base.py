"""Settings shared by every environment.

All configuration is read here, once, from environment variables (django-environ), with the
embedded defaults of DESIGN.md: SQLite under var/, local-memory cache, eager Celery tasks,
media on local disk, console e-mail. Infrastructure switches on when its variable is present.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A git-ignored .env file is read when present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications ---------------------------------------------------------------------------

INSTALLED_APPS = [
    # Project apps first so their templates and translations win; lowest layer first
    # (docs/architecture.md).
    "core",
    "accounts",
    "home",
    "courses",
    "blog",
    "learning.enrollment",
    "learning.payments",
    "learning.certificates",
    "learning.homework",
    "learning.schedule",
    "learning.zoompool",
    "comments",
    "reviews",
    "cabinet",
    "search",
    "demo",
    "api",
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
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: it serves and stores pages for anonymous visitors only.
    "home.page_cache.AnonymousPageCacheMiddleware",
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
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and sign-in ----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in door (site, API, admin) while its email + IP is locked out.
    # (AxesBackend rather than the standalone one: tools that log in with the first backend,
    # like Wagtail's page test helpers, need one that can load users.)
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cabinet:home"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.RoleSignupForm"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_UNIQUE_EMAIL = True
# Sign-up sends a confirmation; an unconfirmed account may sign in and study, and
# accounts.services.require_verified_email guards paying and publishing.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ustat] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# The sign-in lockout is django-axes' (it covers the API and the admin too); allauth keeps
# its other limits (sign-up, password reset, confirmation mails).
ACCOUNT_RATE_LIMITS = {"login_failed": False}
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True


def _social_app(prefix: str) -> list[dict]:
    """An allauth provider app from <PREFIX>_CLIENT_ID / <PREFIX>_CLIENT_SECRET, if set."""
    client_id = env.str(f"{prefix}_CLIENT_ID", default="")
    if not client_id:
        return []
    return [
        {
            "client_id": client_id,
            "secret": env.str(f"{prefix}_CLIENT_SECRET", default=""),
            "key": env.str(f"{prefix}_KEY", default=""),
        }
    ]


SOCIALACCOUNT_PROVIDERS = {
    "google": {"APPS": _social_app("GOOGLE"), "SCOPE": ["profile", "email"]},
    "vk": {"APPS": _social_app("VK")},
    "yandex": {"APPS": _social_app("YANDEX")},
}

# Proxies of ours in front of the site (load balancer, nginx). Only the X-Forwarded-For
# entries they add are believed; with 0 the header is ignored (core/client_ip.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# django-axes: N failures for one e-mail from one address lock that pair out; the lock
# ends by itself after the cool-off.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_attempt"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The client's address for the lockout: the same function as every other limit.
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, also refusing tokens issued before a password change or a
        # "sign out everywhere" (accounts/api/tokens.py).
        "accounts.tokens.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    # DRF's own client address for any throttle; the project's throttles use core.client_ip.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON nested deeper than any real request is a 400, not a RecursionError (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("API_AUTH_THROTTLE", default="20/min"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "public_id",
    "USER_ID_CLAIM": "user_id",
    "TOKEN_OBTAIN_SERIALIZER": "accounts.tokens.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.tokens.TokenRefreshSerializer",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ustat API",
    "DESCRIPTION": "Everything a person can do on the Ustat site, as JSON.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.public_api_only"],
    # Several models have a "status"; each gets its own enum name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CourseStatusEnum": "courses.models.CourseStatus",
        "EnrollmentStatusEnum": "learning.enrollment.models.Enrollment.Status",
        "LessonProgressStatusEnum": "learning.enrollment.models.LessonProgress.Status",
        "CertificateStatusEnum": "learning.certificates.models.Certificate.Status",
        "SubmissionStatusEnum": "learning.homework.models.Submission.Status",
        "HomeworkKindEnum": "learning.homework.models.Homework.Kind",
        "LiveLessonStatusEnum": "learning.schedule.models.LiveLesson.Status",
        "AttendanceStatusEnum": "learning.schedule.models.Attendance.Status",
        "InvitationStatusEnum": "learning.schedule.models.Invitation.Status",
        "ReviewStatusEnum": "reviews.models.Moderated.Status",
        # The two outcomes a teacher may give a submission (a subset of its statuses).
        "GradeStatusEnum": ["graded", "returned"],
    },
    "SCHEMA_PATH_PREFIX": "/api/",
    # The API speaks JSON: request bodies are documented as JSON (the form parsers stay for
    # file uploads and browser forms, whose views declare their media types themselves).
    "PARSER_WHITELIST": ["core.parsers.JSONParser"],
    # <id:pk> routes (core/ids.py): an integer within the database's range.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}},
}

# --- Languages ------------------------------------------------------------------------------

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Moscow")
USE_TZ = True

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Credentials come from the standard AWS_* variables or the instance role.
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env.bool("AWS_QUERYSTRING_AUTH", default=True)
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"

# What learners hand in and lesson recordings: never served as public media. The site
# streams them (or redirects to a short-lived signed S3 URL) after a permission check.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
if AWS_STORAGE_BUCKET_NAME:
    PRIVATE_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 600,
        },
    }
else:
    PRIVATE_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }

STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded avatars: images only, at most this many bytes and this many pixels (read from the
# file's header before anything is decoded).
AVATAR_MAX_UPLOAD_SIZE = env.int("AVATAR_MAX_UPLOAD_SIZE", default=2 * 1024 * 1024)
AVATAR_MAX_PIXELS = env.int("AVATAR_MAX_PIXELS", default=4096 * 4096)
AVATAR_SIZE = 256

# --- E-mail ---------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ustat <noreply@ustat.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# No broker (the embedded default): tasks run in the caller's process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    "archive-completed-courses": {
        "task": "learning.enrollment.tasks.archive_completed_courses",
        "schedule": 24 * 60 * 60,  # daily
    },
    # Enrollments past their end date become "expired" (access ends at the date itself,
    # checked on each request); learners hear a week before.
    "expire-enrollments": {
        "task": "learning.enrollment.tasks.expire_enrollments",
        "schedule": 60 * 60,
    },
    "lesson-reminders": {
        "task": "learning.schedule.tasks.send_lesson_reminders",
        "schedule": 5 * 60,
    },
    # Frees the pool accounts of lessons that ended 15 minutes ago without Zoom's webhook.
    "zoompool-sweep": {
        "task": "learning.zoompool.tasks.sweep_pool",
        "schedule": 5 * 60,
    },
    # Second payments for a course already owned whose refund Stripe did not take at once.
    "payments-refund-duplicates": {
        "task": "learning.payments.tasks.refund_duplicate_payments",
        "schedule": 15 * 60,
    },
    # Ends or deletes meetings Zoom has on pool accounts that no lesson holds.
    "zoompool-reconcile": {
        "task": "learning.zoompool.tasks.reconcile_meetings",
        "schedule": 15 * 60,
    },
}

# Wagtail's own background jobs (django-tasks).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Ustat"
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
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL the database backend uses PostgreSQL full-text search. Its "russian"
    # configuration stems Cyrillic words as Russian and Latin ones as English.
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env.str("SEARCH_CONFIG", default="russian"),
    },
}
# Elasticsearch or OpenSearch instead: SEARCH_BACKEND=wagtail.search.backends.elasticsearch8
# (or elasticsearch7) and SEARCH_URLS=https://host:9200, with that client installed.
if SEARCH_BACKEND := env.str("SEARCH_BACKEND", default=""):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": SEARCH_BACKEND,
        "URLS": env.list("SEARCH_URLS", default=["http://localhost:9200"]),
        "INDEX": env.str("SEARCH_INDEX", default="ustat"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
# Documents and lesson videos live in private storage (courses.models.library) and are served
# only after courses.permissions.can_download_library_file: never a direct /media/ link.
WAGTAILDOCS_DOCUMENT_MODEL = "courses.CourseDocument"
# On S3 a redirect to a signed URL of the private storage (querystring_expire); else streamed.
WAGTAILDOCS_SERVE_METHOD = "redirect" if AWS_STORAGE_BUCKET_NAME else "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Lesson videos uploaded to the media library (wagtailmedia): browser-playable formats only.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "courses.CourseMedia",
    "AUDIO_EXTENSIONS": ["mp3", "ogg", "m4a"],
    "VIDEO_EXTENSIONS": ["mp4", "webm", "ogv"],
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Security shared by all environments ----------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Old browsers: no framing. Modern ones follow CSP frame-ancestors below, which lets Wagtail's
# preview panel frame the site inside the admin.
X_FRAME_OPTIONS = "DENY"

# No third-party avatars in the admin: the CSP keeps images same-origin and pages work offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (django-csp). Everything is served from this origin: no CDN.
# Wagtail's admin still uses inline styles, so style-src allows them; scripts stay same-origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"] + env.list("CSP_IMG_SRC", default=[]),
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'"] + env.list("CSP_MEDIA_SRC", default=[]),
        "frame-src": ["'self'", "https://www.youtube.com", "https://player.vimeo.com"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Buy posts here and is redirected to Stripe's checkout page; "Start lesson" to Zoom.
        "form-action": [
            "'self'",
            "https://checkout.stripe.com",
            "https://zoom.us",
            "https://*.zoom.us",
        ]
        + env.list("CSP_FORM_ACTION", default=[]),
        "frame-ancestors": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

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
