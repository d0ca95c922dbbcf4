"""Users and sign-in: the user model, allauth (e-mail, Google, VK, Yandex) and
django-axes' lockout."""

from datetime import timedelta

from .environment import env

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
