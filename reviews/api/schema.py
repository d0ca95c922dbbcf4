"""The reviews API's documented parameters and examples (drf-spectacular)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
)

from ..reading import ORDERS

LIST_PARAMETERS = [
    OpenApiParameter(
        "order",
        OpenApiTypes.STR,
        enum=list(ORDERS),
        description="newest (default), highest or lowest rating first",
    ),
    OpenApiParameter(
        "stars", {"type": "integer", "minimum": 1, "maximum": 5}, description="only this rating"
    ),
]
REVIEW_EXAMPLE = OpenApiExample(
    "A published review with the teacher's reply",
    value={
        "id": 42,
        "author": {"id": "6f1c2a9e-8a51-4d7e-9c56-2b1f0d3e4a77", "name": "Анна Смирнова"},
        "target": {"type": "course", "id": 12, "name": "Python с нуля"},
        "rating": 5,
        "text": "Понятные объяснения и много практики.",
        "language": "ru",
        "status": "published",
        "rejection_reason": "",
        "created_at": "2026-11-02T10:15:00Z",
        "updated_at": "2026-11-02T12:00:00Z",
        "published_at": "2026-11-02T12:00:00Z",
        "reply": {
            "id": 7,
            "author": {"id": "0b9d3c1e-2f4a-4b5c-8d6e-7f8091a2b3c4", "name": "Иван Петров"},
            "text": "Спасибо, Анна!",
            "status": "published",
            "published_at": "2026-11-03T09:00:00Z",
            "updated_at": "2026-11-03T09:00:00Z",
        },
        "can_edit": False,
        "can_delete": False,
        "can_reply": False,
        "can_report": True,
    },
    response_only=True,
)
WRITE_EXAMPLE = OpenApiExample(
    "Five stars",
    value={"rating": 5, "text": "Понятные объяснения и много практики.", "language": "ru"},
    request_only=True,
)
EDIT_EXAMPLE = OpenApiExample(
    "A new rating", value={"rating": 4, "text": "Хороший курс."}, request_only=True
)
REPLY_EXAMPLE = OpenApiExample(
    "A thank-you", value={"text": "Спасибо за отзыв!"}, request_only=True
)
REPORT_EXAMPLE = OpenApiExample(
    "Spam", value={"reason": "Реклама другого сайта."}, request_only=True
)
NOT_ELIGIBLE_EXAMPLE = OpenApiExample(
    "Not eligible yet",
    value={
        "detail": "Complete the course or at least a third of its lessons to review it.",
        "code": "not_eligible",
    },
    response_only=True,
    status_codes=["403"],
)
