"""The API's one exception handler: domain errors and Django's become JSON.

Every error answers in one of two shapes (the schema's ``Error`` and ``ValidationError``,
api/schema.py): ``{"detail", "code"}``, or for refused input ``{field: [message]}``. A
``core.errors.DomainError`` answers with its own status and code (and the field, when it
names one); Django's ``ValidationError`` answers 400 naming its fields; DRF's own errors
(401, 403, 404, 405, 415, 429, a JSON parse error) get their code beside the detail.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from core.errors import DomainError


def _domain_error(exc: DomainError) -> Response:
    if exc.status == 400 and exc.field:
        data = {exc.field: [str(exc)]}
    else:
        data = {"detail": str(exc), "code": exc.code}
    set_rollback()
    response = Response(data, status=exc.status)
    retry_after = getattr(exc, "retry_after", None)  # e.g. an exhausted pool: when to try again
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return _domain_error(exc)
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, exceptions.ValidationError) and not isinstance(exc.detail, dict):
        # A bare message (or list of them) raised in a view is about the request as a whole.
        exc = exceptions.ValidationError({"non_field_errors": exc.detail})
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(response.data, dict):
        data = response.data
        if "detail" in data and "code" not in data:
            # Django's Http404 and PermissionDenied arrive here converted, their detail coded.
            data["code"] = getattr(data["detail"], "code", None) or getattr(
                exc, "default_code", "error"
            )
    return response


def not_found(request, exception=None):
    """handler404: an address under /api/ that names nothing answers like the API does."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("Not found."), "code": "not_found"},
            status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    return page_not_found(request, exception)
