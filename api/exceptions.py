"""Domain exceptions from services.py become 4xx JSON, naming the field where there is one."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.services import AccountError, EmailNotVerified, PermissionDenied
from courses.services import CourseConflict


class Conflict(exceptions.APIException):
    status_code = 409
    default_detail = "The request conflicts with the object's state."
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, (PermissionDenied, EmailNotVerified, DjangoPermissionDenied)):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, CourseConflict):
        exc = Conflict(str(exc))
    elif isinstance(exc, AccountError):
        field = exc.field or "non_field_errors"
        exc = exceptions.ValidationError({field: [str(exc)]})
    return drf_exception_handler(exc, context)
