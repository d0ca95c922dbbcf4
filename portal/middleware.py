from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware import locale
from django.utils import translation

from core.urls import UNPREFIXED_PATHS


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, except for paths that never carry a language prefix.

    Django answers a 404 by redirecting to the same path under /ru/ when that path would
    resolve, and Wagtail's page catch-all resolves everything; an unknown API object or
    sign-in URL must stay a plain 404.
    """

    UNPREFIXED = UNPREFIXED_PATHS

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        self._remember_language(request, response)
        return super().process_response(request, response)

    @staticmethod
    def _remember_language(request, response) -> None:
        """Keep the language of the last prefixed page in the language cookie.

        Pages without a prefix (sign-in, admin) then speak the language the visitor was
        reading, not the browser's Accept-Language. Set only when it changes, so cached
        pages stay free of Set-Cookie.
        """
        language = translation.get_language_from_path(request.path_info)
        if not language or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == language:
            return
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with one exception for the Wagtail admin.

    The public site runs with scripts from this origin only. Wagtail 8's admin still renders
    some widgets with inline scripts (date, page and image choosers), so under /admin/ alone
    script-src also allows 'unsafe-inline'; still no other origin. Drop this once Wagtail's
    admin is free of inline scripts (wagtail/wagtail#7053).
    """

    ADMIN_PREFIX = "/admin/"

    def process_response(self, request, response):
        if request.path_info.startswith(self.ADMIN_PREFIX):
            response._csp_update = {"script-src": ["'unsafe-inline'"]}
        return super().process_response(request, response)
