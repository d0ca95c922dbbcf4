"""Hooks for django-axes: who a sign-in attempt is for, and what a locked-out client sees.

Axes counts failures of every `authenticate()` call, so the site's sign-in, the API's token
and session endpoints and the Wagtail admin share one lockout.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import normalize_email

# allauth posts "login", Django's admin form "username", the API and the site "email".
_USERNAME_KEYS = ("email", "login", "username")


def username_from_attempt(request: HttpRequest, credentials: dict | None = None) -> str:
    sources = [credentials or {}]
    data = getattr(request, "data", None)
    if data is not None and hasattr(data, "get"):
        sources.append(data)
    sources.append(request.POST)
    for source in sources:
        for key in _USERNAME_KEYS:
            value = source.get(key)
            if isinstance(value, str) and value:
                return normalize_email(value)
    return ""


def _cool_off_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    minutes = _cool_off_minutes()
    message = _(
        "Too many failed sign-in attempts. For your safety this sign-in is locked for "
        "%(minutes)d minutes; try again after that, or reset your password."
    ) % {"minutes": minutes}
    retry_after = str(minutes * 60)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": "locked_out"}, status=429)
    else:
        response = render(
            request, "accounts/lockout.html", {"message": message, "minutes": minutes}, status=429
        )
    response["Retry-After"] = retry_after
    return response
