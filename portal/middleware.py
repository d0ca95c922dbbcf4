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
