"""The API's one exception handler: domain errors and Django's become JSON.

A ``core.errors.DomainError`` answers with its own status and ``{"detail", "code"}`` (and the
field, when it names one); Django's ``ValidationError`` answers 400 naming its fields.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
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
    return drf_exception_handler(exc, context)
