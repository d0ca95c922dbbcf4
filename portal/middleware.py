from csp.middleware import CSPMiddleware
from django.middleware import locale
from django.utils import translation


class LocaleMiddleware(locale.LocaleMiddleware):
    """Django's LocaleMiddleware, except for paths that never carry a language prefix.

    Django answers a 404 by redirecting to the same path under /ru/ when that path would
    resolve, and Wagtail's page catch-all resolves everything; an unknown API object or
    sign-in URL must stay a plain 404.
    """

    UNPREFIXED = ("/api/", "/accounts/", "/admin/", "/documents/", "/healthz", "/i18n/")

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(self.UNPREFIXED):
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


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
