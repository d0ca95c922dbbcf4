"""Zoom's webhook: served at /zoom/webhook/ and /api/zoom/webhook/ (the same view)."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from . import services

logger = logging.getLogger(__name__)


@csrf_exempt  # signed by Zoom (x-zm-signature) instead: verified first, on the raw body
@require_POST
def zoom_webhook(request: HttpRequest) -> HttpResponse:
    """Verify, record, answer: quick database work only; downloads go to Celery."""
    try:
        event, account = services.verify_webhook(
            request.body,
            request.headers.get("x-zm-request-timestamp", ""),
            request.headers.get("x-zm-signature", ""),
        )
        answer = services.handle_event(event, account)
    except services.WebhookError as error:
        logger.warning("Rejected a Zoom webhook: %s", error)
        return JsonResponse({"detail": f"Invalid webhook: {error}."}, status=401)
    return JsonResponse(answer)
