"""The site's one path from a domain error to a page.

A ``DomainError`` a view lets through becomes ``templates/error.html`` with the error's
message and HTTP status (403, 404, 409, …). Views that can show the error on their own form
catch it there; everything else ends here. The API has its own handler (``api.exceptions``).
"""

from __future__ import annotations

from django.shortcuts import render

from .errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError):
            return None
        return render(
            request,
            "error.html",
            {"error": exception, "message": exception.message},
            status=exception.status,
        )
